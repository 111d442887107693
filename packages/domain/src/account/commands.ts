/**
 * 账户与角色 (accounts and roles): who may sign in and what each may do. The credentials stay in
 * the user store; the log records every change to an account — who made it, what, when — never a
 * password or its hash. All account changes are one stream, `accounts`: they are rare, and one
 * stream lets the decider see every pending role request at once.
 */
import { z } from 'zod'
import { Line } from '../schemas'

export const AccountRole = z.enum([
  /** 填报人: acknowledges assignments, reports progress, answers notices for the own unit. */
  'unit_reporter',
  /** 审核人 (单位负责人): all a reporter does, and signs the unit's extension and closing requests. */
  'unit_approver',
  /** 督查办: reviews, notices, extensions, closings, plan import — across all units. */
  'supervision_officer',
  /** 领导小组: reads everything, changes nothing. */
  'leadership',
  /** 系统管理员: manages user accounts; reads no ledger content. */
  'administrator',
])
export type AccountRole = z.infer<typeof AccountRole>

/**
 * Roles that read ledger content (a unit's own, or every unit's). The administrator grants none
 * of them alone: each is a request a supervision officer approves (双人审批).
 */
export const ledgerReadingRoles: readonly AccountRole[] = [
  'unit_reporter',
  'unit_approver',
  'supervision_officer',
  'leadership',
]

export const readsLedger = (role: AccountRole) => ledgerReadingRoles.includes(role)

/** A login name: also the `actor` on every event the user causes. */
export const UserId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a user id is lower-case ASCII letters, digits, ".", "_" or "-"')

const RequestId = z.string().regex(/^req-[0-9]+$/)

export const CreateAccount = z.strictObject({
  type: z.literal('CreateAccount'),
  data: z.strictObject({
    userId: UserId,
    displayName: Line,
    unitId: z.string().min(1).max(64),
    roles: z.array(AccountRole).min(1),
  }),
})
export type CreateAccount = z.infer<typeof CreateAccount>

export const GrantRole = z.strictObject({
  type: z.literal('GrantRole'),
  data: z.strictObject({ userId: UserId, role: AccountRole }),
})
export type GrantRole = z.infer<typeof GrantRole>

export const RevokeRole = z.strictObject({
  type: z.literal('RevokeRole'),
  data: z.strictObject({ userId: UserId, role: AccountRole }),
})
export type RevokeRole = z.infer<typeof RevokeRole>

export const ApproveRoleRequest = z.strictObject({
  type: z.literal('ApproveRoleRequest'),
  data: z.strictObject({ requestId: RequestId }),
})
export type ApproveRoleRequest = z.infer<typeof ApproveRoleRequest>

export const DeclineRoleRequest = z.strictObject({
  type: z.literal('DeclineRoleRequest'),
  data: z.strictObject({ requestId: RequestId, reason: z.string().trim().max(500).default('') }),
})
export type DeclineRoleRequest = z.infer<typeof DeclineRoleRequest>

export const DisableAccount = z.strictObject({
  type: z.literal('DisableAccount'),
  data: z.strictObject({ userId: UserId }),
})
export type DisableAccount = z.infer<typeof DisableAccount>

export const EnableAccount = z.strictObject({
  type: z.literal('EnableAccount'),
  data: z.strictObject({ userId: UserId }),
})
export type EnableAccount = z.infer<typeof EnableAccount>

/** The command carries no password: the user store takes it; the log records only that it changed. */
export const SetPassword = z.strictObject({
  type: z.literal('SetPassword'),
  data: z.strictObject({ userId: UserId }),
})
export type SetPassword = z.infer<typeof SetPassword>

export const RevokeSessions = z.strictObject({
  type: z.literal('RevokeSessions'),
  data: z.strictObject({ userId: UserId }),
})
export type RevokeSessions = z.infer<typeof RevokeSessions>

export const AccountCommand = z.discriminatedUnion('type', [
  CreateAccount,
  GrantRole,
  RevokeRole,
  ApproveRoleRequest,
  DeclineRoleRequest,
  DisableAccount,
  EnableAccount,
  SetPassword,
  RevokeSessions,
])
export type AccountCommand = z.infer<typeof AccountCommand>

/** The one stream of account changes. */
export const ACCOUNTS_STREAM = 'accounts'

import { z } from 'zod'
import { type DomainEventOf, defineEvent } from '../event-schema'
import { Line } from '../schemas'
import { AccountRole, UserId } from './commands'

const RequestId = z.string().regex(/^req-[0-9]+$/)
const Who = z.string().min(1).max(200)

/** 开户: the account and the roles it holds at once (those that read no ledger content). */
export const AccountCreated = defineEvent(
  'AccountCreated',
  z.strictObject({
    userId: UserId,
    displayName: Line,
    unitId: z.string().min(1).max(64),
    roles: z.array(AccountRole),
  }),
)

/** 授予角色: a role active from now. */
export const RoleGranted = defineEvent('RoleGranted', z.strictObject({ userId: UserId, role: AccountRole }))

/** 撤销角色. */
export const RoleRevoked = defineEvent('RoleRevoked', z.strictObject({ userId: UserId, role: AccountRole }))

/** 角色申请: a role that reads ledger content, waiting for a supervision officer's approval. */
export const RoleRequested = defineEvent(
  'RoleRequested',
  z.strictObject({ requestId: RequestId, userId: UserId, role: AccountRole, requestedBy: Who }),
)

/** 审批通过: the role is active from now. */
export const RoleRequestApproved = defineEvent(
  'RoleRequestApproved',
  z.strictObject({ requestId: RequestId, userId: UserId, role: AccountRole, approvedBy: Who }),
)

/** 审批不通过. */
export const RoleRequestDeclined = defineEvent(
  'RoleRequestDeclined',
  z.strictObject({
    requestId: RequestId,
    userId: UserId,
    role: AccountRole,
    declinedBy: Who,
    reason: z.string().max(500),
  }),
)

/** 停用: the account signs in no more and its sessions end. */
export const AccountDisabled = defineEvent('AccountDisabled', z.strictObject({ userId: UserId }))

/** 启用. */
export const AccountEnabled = defineEvent('AccountEnabled', z.strictObject({ userId: UserId }))

/** 密码重置: that it changed and by whom (the event's actor); never the password or its hash. */
export const PasswordSet = defineEvent('PasswordSet', z.strictObject({ userId: UserId }))

/** 令牌吊销: every session and token of the account ended. */
export const SessionsRevoked = defineEvent('SessionsRevoked', z.strictObject({ userId: UserId }))

export const accountEvents = [
  AccountCreated,
  RoleGranted,
  RoleRevoked,
  RoleRequested,
  RoleRequestApproved,
  RoleRequestDeclined,
  AccountDisabled,
  AccountEnabled,
  PasswordSet,
  SessionsRevoked,
] as const
export type AccountEvent = DomainEventOf<(typeof accountEvents)[number]>

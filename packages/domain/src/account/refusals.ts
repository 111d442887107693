/**
 * Why an account change is refused. Each refusal has a stable rule code, carried in the error's
 * details (`details.rule`, so in the API's problem+json too), and its English sentence here; the
 * API's zh-CN table maps the same code to the Chinese a person reads (services/api/src/http/zh-cn.ts).
 * One code per rule, one sentence per language, and no parsing of prose to find which rule it was.
 */
import { DomainError, type DomainErrorCode } from '../errors'
import type { AccountRole } from './commands'

/** What only an administrator may do. */
export type AdministratorAction =
  | 'create'
  | 'grant'
  | 'revoke'
  | 'disable'
  | 'enable'
  | 'set_password'
  | 'end_sessions'

export interface AccountRefusalDetails {
  userId?: string
  role?: AccountRole
  requestId?: string
  unitId?: string
  action?: AdministratorAction
  /** Of a role request: approving or declining it. */
  decision?: 'approve' | 'decline'
  /** A password's shortest and longest length. */
  min?: number
  max?: number
  /** The form field or body property the refusal is about: a page shows the message beside it. */
  field?: string
}

const actions: Record<AdministratorAction, string> = {
  create: 'create an account',
  grant: 'grant a role',
  revoke: 'revoke a role',
  disable: 'disable an account',
  enable: 'enable an account',
  set_password: "set another account's password",
  end_sessions: "end another account's sessions",
}

type Refusal = readonly [DomainErrorCode, (details: AccountRefusalDetails) => string]

export const accountRefusals = {
  administrator_only: ['forbidden', (d) => `only an administrator may ${actions[d.action ?? 'create']}`],
  office_only: [
    'forbidden',
    (d) => `only a supervision officer may ${d.decision ?? 'approve'} a role request`,
  ],
  second_person: [
    'forbidden',
    () => 'a role request is decided by a second person: neither its requester nor the account',
  ],
  no_account: ['not_found', (d) => `no account ${d.userId}`],
  account_exists: ['conflict', (d) => `account ${d.userId} exists`],
  unknown_unit: ['invalid', (d) => `no unit ${d.unitId} in the unit directory`],
  role_held: ['conflict', (d) => `${d.userId} already holds ${d.role}`],
  role_pending: ['conflict', (d) => `${d.role} for ${d.userId} already awaits approval (${d.requestId})`],
  role_not_held: ['conflict', (d) => `${d.userId} does not hold ${d.role}`],
  last_administrator: ['conflict', (d) => `${d.userId} is the last administrator`],
  no_pending_request: ['not_found', (d) => `no pending role request ${d.requestId}`],
  already_disabled: ['conflict', (d) => `${d.userId} is already disabled`],
  not_disabled: ['conflict', (d) => `${d.userId} is not disabled`],
  own_account_disable: ['forbidden', () => 'an administrator does not disable the own account'],
  password_empty: ['invalid', () => 'the password is empty'],
  password_too_short: ['invalid', (d) => `the password is too short: at least ${d.min} characters`],
  password_too_long: ['invalid', (d) => `the password is too long: at most ${d.max} characters`],
  password_contains_user_id: ['invalid', () => 'the password must not contain the user id'],
  password_mismatch: ['invalid', () => 'the new password and its repetition differ'],
  current_password_wrong: ['forbidden', () => 'the current password is wrong'],
} as const satisfies Record<string, Refusal>

export type AccountRule = keyof typeof accountRefusals

/** The refusal of an account change by its rule: its English sentence, its code and details in `details`. */
export function accountRefusal(rule: AccountRule, details: AccountRefusalDetails = {}): DomainError {
  const [code, say]: Refusal = accountRefusals[rule]
  return new DomainError(code, say(details), { rule, ...details })
}

/** The account rule a refusal names, when it is one. */
export function accountRuleOf(error: DomainError): AccountRule | undefined {
  const rule = error.details?.['rule']
  return typeof rule === 'string' && rule in accountRefusals ? (rule as AccountRule) : undefined
}

/** The shortest and longest password accepted, for people and the console alike. */
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

/** Why a new password will not do, or undefined when it will. */
export function passwordRefusal(password: string, userId?: string): DomainError | undefined {
  const field = 'password'
  if (password.trim() === '') return accountRefusal('password_empty', { field })
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return accountRefusal('password_too_short', { field, min: MIN_PASSWORD_LENGTH })
  if (password.length > MAX_PASSWORD_LENGTH)
    return accountRefusal('password_too_long', { field, max: MAX_PASSWORD_LENGTH })
  if (userId !== undefined && password.toLowerCase().includes(userId.toLowerCase()))
    return accountRefusal('password_contains_user_id', { field, userId })
  return undefined
}

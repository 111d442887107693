/**
 * Account changes, decided. The administrator manages accounts but reads no ledger content, and
 * cannot give anyone — itself included — a role that does: such a grant is a request a
 * supervision officer (督查办) other than the requester approves. A password the administrator
 * sets sends the account's ledger-reading roles back to the office for approval, so the one who
 * knows the new password cannot read with it alone. The operator at the server's console
 * (`duban admin`, who holds the store itself) grants directly: that is how the first accounts
 * of a new store are made.
 *
 * The user store is the truth for who holds which role now (accounts may predate the log); the
 * handler hands its view in the context, and the log's own state is the pending requests.
 */
import type { CommandContext, Decider } from '../decider'
import { type AccountCommand, type AccountRole, readsLedger } from './commands'
import type { AccountEvent } from './events'
import { type AdministratorAction, accountRefusal } from './refusals'

/** An account as the user store keeps it now. */
export interface AccountView {
  roles: readonly AccountRole[]
  disabled: boolean
}

export interface AccountCommandContext extends CommandContext {
  /** The acting account's roles now; `console`: the operator at the server's console. */
  acting: readonly AccountRole[] | 'console'
  /** Every account in the user store, by id. */
  accounts: ReadonlyMap<string, AccountView>
}

export interface PendingRoleRequest {
  requestId: string
  userId: string
  role: AccountRole
  requestedBy: string
}

export interface AccountsState {
  /** How many requests were ever made: the next id's number. */
  requests: number
  pending: ReadonlyMap<string, PendingRoleRequest>
}

const isAdministrator = (context: AccountCommandContext) =>
  context.acting === 'console' || context.acting.includes('administrator')

function requireAdministrator(context: AccountCommandContext, action: AdministratorAction): void {
  if (!isAdministrator(context)) throw accountRefusal('administrator_only', { action })
}

function requireAccount(context: AccountCommandContext, userId: string): AccountView {
  const account = context.accounts.get(userId)
  if (!account) throw accountRefusal('no_account', { userId })
  return account
}

/** Enabled accounts holding the administrator role, but the one named. */
function otherAdministrators(context: AccountCommandContext, userId: string): number {
  let count = 0
  for (const [id, account] of context.accounts)
    if (id !== userId && !account.disabled && account.roles.includes('administrator')) count += 1
  return count
}

const pendingFor = (state: AccountsState, userId: string, role: AccountRole) =>
  [...state.pending.values()].find((request) => request.userId === userId && request.role === role)

export const accountDecider: Decider<AccountsState, AccountCommand, AccountEvent, AccountCommandContext> = {
  initialState: () => ({ requests: 0, pending: new Map() }),

  decide(command, state, context) {
    const by = context.actor.userId
    const direct = (role: AccountRole) => context.acting === 'console' || !readsLedger(role)
    let next = state.requests
    const request = (userId: string, role: AccountRole): AccountEvent => {
      next += 1
      return { type: 'RoleRequested', data: { requestId: `req-${next}`, userId, role, requestedBy: by } }
    }

    switch (command.type) {
      case 'CreateAccount': {
        requireAdministrator(context, 'create')
        const { userId, roles } = command.data
        if (context.accounts.has(userId)) throw accountRefusal('account_exists', { userId, field: 'userId' })
        const unique = [...new Set(roles)]
        return [
          { type: 'AccountCreated', data: { ...command.data, roles: unique.filter(direct) } },
          ...unique.filter((role) => !direct(role)).map((role) => request(userId, role)),
        ]
      }
      case 'GrantRole': {
        requireAdministrator(context, 'grant')
        const { userId, role } = command.data
        const account = requireAccount(context, userId)
        if (account.roles.includes(role)) throw accountRefusal('role_held', { userId, role })
        const pending = pendingFor(state, userId, role)
        if (pending) throw accountRefusal('role_pending', { userId, role, requestId: pending.requestId })
        return [direct(role) ? { type: 'RoleGranted', data: { userId, role } } : request(userId, role)]
      }
      case 'RevokeRole': {
        requireAdministrator(context, 'revoke')
        const { userId, role } = command.data
        const account = requireAccount(context, userId)
        if (!account.roles.includes(role)) throw accountRefusal('role_not_held', { userId, role })
        if (role === 'administrator' && !account.disabled && otherAdministrators(context, userId) === 0)
          throw accountRefusal('last_administrator', { userId })
        return [{ type: 'RoleRevoked', data: { userId, role } }]
      }
      case 'ApproveRoleRequest':
      case 'DeclineRoleRequest': {
        const approve = command.type === 'ApproveRoleRequest'
        if (context.acting === 'console' || !context.acting.includes('supervision_officer'))
          throw accountRefusal('office_only', { decision: approve ? 'approve' : 'decline' })
        const pending = state.pending.get(command.data.requestId)
        if (!pending) throw accountRefusal('no_pending_request', { requestId: command.data.requestId })
        if (by === pending.requestedBy || by === pending.userId)
          throw accountRefusal('second_person', { requestId: pending.requestId, userId: pending.userId })
        const { requestId, userId, role } = pending
        if (!approve) {
          const reason = command.type === 'DeclineRoleRequest' ? command.data.reason : ''
          return [{ type: 'RoleRequestDeclined', data: { requestId, userId, role, declinedBy: by, reason } }]
        }
        requireAccount(context, userId)
        return [{ type: 'RoleRequestApproved', data: { requestId, userId, role, approvedBy: by } }]
      }
      case 'DisableAccount': {
        requireAdministrator(context, 'disable')
        const { userId } = command.data
        const account = requireAccount(context, userId)
        if (account.disabled) throw accountRefusal('already_disabled', { userId })
        if (userId === by) throw accountRefusal('own_account_disable', { userId })
        if (account.roles.includes('administrator') && otherAdministrators(context, userId) === 0)
          throw accountRefusal('last_administrator', { userId })
        return [{ type: 'AccountDisabled', data: { userId } }]
      }
      case 'EnableAccount': {
        requireAdministrator(context, 'enable')
        const { userId } = command.data
        if (!requireAccount(context, userId).disabled) throw accountRefusal('not_disabled', { userId })
        return [{ type: 'AccountEnabled', data: { userId } }]
      }
      case 'SetPassword': {
        const { userId } = command.data
        const account = requireAccount(context, userId)
        if (userId === by && context.acting !== 'console') return [{ type: 'PasswordSet', data: { userId } }]
        requireAdministrator(context, 'set_password')
        // The one who chose the password must not read with it alone: reading roles go back to the office.
        const suspended = account.roles.filter((role) => !direct(role))
        return [
          { type: 'PasswordSet', data: { userId } },
          ...suspended.map((role): AccountEvent => ({ type: 'RoleRevoked', data: { userId, role } })),
          ...suspended.map((role) => request(userId, role)),
        ]
      }
      case 'RevokeSessions': {
        const { userId } = command.data
        const office = context.acting !== 'console' && context.acting.includes('supervision_officer')
        if (!office) requireAdministrator(context, 'end_sessions')
        requireAccount(context, userId)
        return [{ type: 'SessionsRevoked', data: { userId } }]
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RoleRequested': {
        const pending = new Map(state.pending)
        pending.set(event.data.requestId, event.data)
        return { requests: state.requests + 1, pending }
      }
      case 'RoleRequestApproved':
      case 'RoleRequestDeclined': {
        const pending = new Map(state.pending)
        pending.delete(event.data.requestId)
        return { ...state, pending }
      }
      default:
        return state
    }
  },
}

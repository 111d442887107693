/**
 * Every change to an account, whichever way it is made (the console's `duban admin`, the API,
 * the web page), goes through here: the change is decided and recorded in the log first
 * (`accountDecider` through `handleCommand`, the one append path: who, what, when — never a
 * password or its hash), then the user store, which keeps the credentials and is what sign-in
 * reads, is brought in line with the events.
 */
import {
  ACCOUNTS_STREAM,
  type AccountCommand,
  type AccountEvent,
  type AccountsState,
  type AccountView,
  type Actor,
  accountDecider,
  accountRefusal,
  foldEvents,
  type PendingRoleRequest,
  passwordRefusal,
} from '@duban/domain'
import { handleCommand, type LedgerDeps } from '@duban/ledger'
import type { User, UserRole } from './roles'
import type { UserStore } from './user-store'

/** Who asks: a signed-in user, or the operator at the server's console (`duban admin`, the demo seed). */
export type AccountActor = { user: User } | { console: string }

export interface AccountChange {
  command: AccountCommand
  /** The new password, for CreateAccount and SetPassword: to the user store only. */
  password?: string
  /** Idempotency key (the demo's seed passes a fixed one, so its log is the same on every machine). */
  commandId?: string
}

export interface AccountChangeResult {
  /** The events recorded (those of the first run, for a retried command). */
  events: AccountEvent[]
  /** Sessions and tokens ended by the change. */
  sessionsClosed: number
}

export class Accounts {
  constructor(
    private readonly users: UserStore,
    private readonly ledger: LedgerDeps,
  ) {}

  /** Decides, records and applies one change. */
  async change(
    by: AccountActor,
    { command, password, commandId }: AccountChange,
  ): Promise<AccountChangeResult> {
    const needsPassword = command.type === 'CreateAccount' || command.type === 'SetPassword'
    if (needsPassword) {
      const refusal = passwordRefusal(password ?? '', command.data.userId)
      if (refusal) throw refusal
    }
    const all = await this.users.list()
    const accounts = new Map<string, AccountView>(
      all.map((user) => [user.id, { roles: user.roles, disabled: user.disabled === true }]),
    )
    const actor: Actor =
      'user' in by
        ? { userId: by.user.id, unitId: by.user.unitId }
        : { userId: `console:${by.console}`, unitId: null }
    const acting = 'user' in by ? (accounts.get(by.user.id)?.roles ?? []) : 'console'
    const result = await handleCommand(this.ledger, accountDecider, {
      streamId: ACCOUNTS_STREAM,
      command,
      actor,
      ...(commandId && { commandId }),
      context: { acting, accounts },
    })
    const events = result.events.map((recorded) => this.ledger.codec.decode(recorded) as AccountEvent)
    // A retried command was applied when it first ran; only an account the user store lost since
    // (the demo's users.sqlite deleted beside its log) is made again, with the password given now.
    const sessionsClosed = result.duplicate
      ? await this.apply(
          events.filter((event) => event.type === 'AccountCreated' && !accounts.has(event.data.userId)),
          password,
        )
      : await this.apply(events, password)
    return { events, sessionsClosed }
  }

  /**
   * 修改密码: the signed-in user changes the own password, the current one given (whoever holds
   * only a session cannot lock its owner out). Recorded as `PasswordSet` like any other; every
   * session of the account ends, this one too.
   */
  async changeOwnPassword(user: User, current: string, password: string): Promise<AccountChangeResult> {
    if (!(await this.users.authenticate(user.id, current)))
      throw accountRefusal('current_password_wrong', { field: 'currentPassword' })
    return this.change({ user }, { command: { type: 'SetPassword', data: { userId: user.id } }, password })
  }

  /** Role requests awaiting a supervision officer's decision, oldest first. */
  async pendingRequests(): Promise<PendingRoleRequest[]> {
    const events = await this.ledger.store.readStream(ACCOUNTS_STREAM)
    const state: AccountsState = foldEvents(
      accountDecider,
      events.map((recorded) => this.ledger.codec.decode(recorded) as AccountEvent),
    )
    return [...state.pending.values()]
  }

  /** Every account, the disabled ones too. */
  list(): Promise<User[]> {
    return this.users.list()
  }

  /** Enabled accounts that hold the administrator role. */
  async administrators(): Promise<User[]> {
    return (await this.users.list()).filter((user) => !user.disabled && user.roles.includes('administrator'))
  }

  /** Brings the user store in line with the events; returns how many sessions it closed. */
  private async apply(events: AccountEvent[], password?: string): Promise<number> {
    let closed = 0
    for (const event of events) {
      switch (event.type) {
        case 'AccountCreated':
          await this.users.createUser({
            id: event.data.userId,
            displayName: event.data.displayName,
            unitId: event.data.unitId,
            roles: event.data.roles,
            password: password!,
          })
          break
        case 'RoleGranted':
        case 'RoleRequestApproved':
          await this.updateRoles(event.data.userId, (roles) => [...roles, event.data.role])
          break
        case 'RoleRevoked':
          await this.updateRoles(event.data.userId, (roles) =>
            roles.filter((role) => role !== event.data.role),
          )
          break
        case 'AccountDisabled':
          await this.users.setDisabled(event.data.userId, true)
          closed += await this.users.closeSessionsOf(event.data.userId)
          break
        case 'AccountEnabled':
          await this.users.setDisabled(event.data.userId, false)
          break
        case 'PasswordSet':
          await this.users.setPassword(event.data.userId, password!)
          // Whoever signed in with the old password is signed out.
          closed += await this.users.closeSessionsOf(event.data.userId)
          break
        case 'SessionsRevoked':
          closed += await this.users.closeSessionsOf(event.data.userId)
          break
        default:
          break
      }
    }
    return closed
  }

  private async updateRoles(userId: string, change: (roles: readonly UserRole[]) => UserRole[]) {
    const user = await this.users.get(userId)
    if (!user) return
    const roles = [...new Set(change(user.roles))]
    await this.users.setRoles(userId, roles)
  }
}

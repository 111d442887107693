/**
 * Users, their sessions and bearer tokens. Credentials are no ledger facts, so they live outside
 * the log (every change to an account is recorded in the log as an event by `Accounts`,
 * account-service.ts, which is how accounts are changed; never the password or its hash): in `users.sqlite` beside the embedded log
 * (`SqliteUserStore`), or in PostgreSQL beside a server log (`PostgresUserStore`), where every
 * API process sees the same accounts and sessions. A session token is 32 random bytes shown once;
 * only its SHA-256 is stored, so a stolen copy of the table opens no session.
 */
import { createHash, randomBytes } from 'node:crypto'
import { type User, UserRole } from './roles'

export type { UserRole }

/** `cookie`: a browser session (short); `bearer`: an API token (longer). */
export type SessionKind = 'cookie' | 'bearer'

/** One sign-in attempt, as the audit log keeps it (success or failure, never the password). */
export interface SignInAttempt {
  /** The account id as typed: it may name no account. */
  userId: string
  ok: boolean
  /** `password` (a wrong password or an unknown id), `throttled`, or absent on success. */
  failure?: 'password' | 'throttled'
  /** The client's address (behind a trusted proxy, the forwarded one). */
  ip: string
  via: SessionKind
  /** Wall-clock time, ISO 8601 UTC. */
  at: string
}

export interface SignInRow {
  user_id: string
  ok: number | boolean
  failure: string | null
  ip: string
  via: string
  at: string
}

export const toSignIn = (row: SignInRow): SignInAttempt => ({
  userId: row.user_id,
  ok: Boolean(row.ok),
  ...(row.failure ? { failure: row.failure as 'password' | 'throttled' } : {}),
  ip: row.ip,
  via: row.via as SessionKind,
  at: row.at,
})

export interface NewUser extends User {
  password: string
}

export interface UserStore {
  /** Creates the user, or fails if the id is taken. */
  createUser(user: NewUser): Promise<User>
  get(id: string): Promise<User | undefined>
  /** Every account, the disabled ones too. */
  list(): Promise<User[]>
  /** Replaces the account's roles. */
  setRoles(id: string, roles: readonly UserRole[]): Promise<void>
  /** A disabled account signs in no more and its sessions find no user. */
  setDisabled(id: string, disabled: boolean): Promise<void>
  setPassword(id: string, password: string): Promise<void>
  /** The user when the password is theirs and the account enabled; undefined otherwise, alike. */
  authenticate(id: string, password: string): Promise<User | undefined>
  /** A new session token for the user: returned once, stored only as its hash. */
  openSession(userId: string, kind: SessionKind): Promise<string>
  /** The enabled user a live token of this kind belongs to. */
  sessionUser(token: string, kind: SessionKind): Promise<User | undefined>
  closeSession(token: string): Promise<void>
  /** Revokes every session and token of the user (the office's revocation); returns how many. */
  closeSessionsOf(userId: string): Promise<number>
  /** Appends a sign-in attempt to the audit log. */
  recordSignIn(attempt: SignInAttempt): Promise<void>
  /** The latest sign-in attempts, newest first; of one account when `userId` is given. */
  signIns(options: { userId?: string; limit: number }): Promise<SignInAttempt[]>
  /** A secret kept with the accounts (cookie signing), made on first use, the same for every process. */
  secret(name: string): Promise<string>
  close(): Promise<void>
}

const lifetimeMs: Record<SessionKind, number> = {
  cookie: 12 * 3600_000,
  bearer: 30 * 24 * 3600_000,
}

/** A new session's token (for the caller), its stored hash and its expiry (ms since the epoch). */
export function newSession(kind: SessionKind, now: number) {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: tokenHash(token), expiresAt: now + lifetimeMs[kind] }
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

export const newSecret = () => randomBytes(32).toString('base64url')

/** A users row as both stores keep it: roles as JSON text. */
export interface UserRow {
  id: string
  display_name: string
  unit_id: string
  roles: string
  password_hash: string
  disabled: number | boolean
}

export const toUser = (row: UserRow): User => ({
  id: row.id,
  displayName: row.display_name,
  unitId: row.unit_id,
  roles: UserRole.array().parse(JSON.parse(row.roles)),
  ...(row.disabled ? { disabled: true as const } : {}),
})

/**
 * Users, their sessions and bearer tokens. Accounts are not ledger facts (a password change is no
 * event of the plan), so they live outside the log: in `users.sqlite` beside the embedded log
 * (`SqliteUserStore`), or in PostgreSQL beside a server log (`PostgresUserStore`), where every
 * API process sees the same accounts and sessions. A session token is 32 random bytes shown once;
 * only its SHA-256 is stored, so a stolen copy of the table opens no session.
 */
import { createHash, randomBytes } from 'node:crypto'
import { type User, UserRole } from './roles'

/** `cookie`: a browser session (short); `bearer`: an API token (longer). */
export type SessionKind = 'cookie' | 'bearer'

export interface NewUser extends User {
  password: string
}

export interface UserStore {
  /** Creates the user, or fails if the id is taken. */
  createUser(user: NewUser): Promise<User>
  get(id: string): Promise<User | undefined>
  list(): Promise<User[]>
  /** The user when the password is theirs; undefined for an unknown id or a wrong password alike. */
  authenticate(id: string, password: string): Promise<User | undefined>
  /** A new session token for the user: returned once, stored only as its hash. */
  openSession(userId: string, kind: SessionKind): Promise<string>
  /** The user a live token of this kind belongs to. */
  sessionUser(token: string, kind: SessionKind): Promise<User | undefined>
  closeSession(token: string): Promise<void>
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
}

export const toUser = (row: UserRow): User => ({
  id: row.id,
  displayName: row.display_name,
  unitId: row.unit_id,
  roles: UserRole.array().parse(JSON.parse(row.roles)),
})

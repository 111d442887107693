/**
 * Users, their sessions and bearer tokens, in `users.sqlite` beside the event log. Accounts are
 * not ledger facts (a password change is no event of the plan), so they live outside the log.
 * A session token is 32 random bytes shown once; only its SHA-256 is stored, so a stolen copy of
 * the file opens no session.
 */
import { createHash, randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { hashPassword, passwordMatches } from './passwords'
import { type User, UserRole } from './roles'

/** `cookie`: a browser session (short); `bearer`: an API token (longer). */
export type SessionKind = 'cookie' | 'bearer'

const lifetimeMs: Record<SessionKind, number> = {
  cookie: 12 * 3600_000,
  bearer: 30 * 24 * 3600_000,
}

export interface NewUser extends User {
  password: string
}

interface UserRow {
  id: string
  display_name: string
  unit_id: string
  roles: string
  password_hash: string
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

const toUser = (row: UserRow): User => ({
  id: row.id,
  displayName: row.display_name,
  unitId: row.unit_id,
  roles: UserRole.array().parse(JSON.parse(row.roles)),
})

export class UserStore {
  private readonly db: Database.Database

  /** `now` is wall-clock time for session expiry, never the ledger's (possibly frozen) clock. */
  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        roles TEXT NOT NULL,
        password_hash TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `)
  }

  /** Creates the user, or fails if the id is taken. */
  async createUser(user: NewUser): Promise<User> {
    const passwordHash = await hashPassword(user.password)
    this.db
      .prepare('INSERT INTO users (id, display_name, unit_id, roles, password_hash) VALUES (?, ?, ?, ?, ?)')
      .run(user.id, user.displayName, user.unitId, JSON.stringify(user.roles), passwordHash)
    return this.get(user.id)!
  }

  get(id: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row ? toUser(row) : undefined
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser)
  }

  /** The user when the password is theirs; undefined for an unknown id or a wrong password alike. */
  async authenticate(id: string, password: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    if (!row) return undefined
    return (await passwordMatches(row.password_hash, password)) ? toUser(row) : undefined
  }

  /** A new session token for the user: returned once, stored only as its hash. */
  openSession(userId: string, kind: SessionKind): string {
    const token = randomBytes(32).toString('base64url')
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES (?, ?, ?, ?)')
      .run(tokenHash(token), userId, kind, this.now() + lifetimeMs[kind])
    return token
  }

  /** The user a live token of this kind belongs to. */
  sessionUser(token: string, kind: SessionKind): User | undefined {
    const row = this.db
      .prepare(
        `SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id
         WHERE token_hash = ? AND kind = ? AND expires_at > ?`,
      )
      .get(tokenHash(token), kind, this.now()) as UserRow | undefined
    return row ? toUser(row) : undefined
  }

  closeSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token))
  }

  /** A secret kept with the accounts (cookie signing), made on first use. */
  secret(name: string): string {
    const row = this.db.prepare('SELECT value FROM secrets WHERE name = ?').get(name) as
      | { value: string }
      | undefined
    if (row) return row.value
    const value = randomBytes(32).toString('base64url')
    this.db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, value)
    return this.secret(name)
  }

  close(): void {
    this.db.close()
  }
}

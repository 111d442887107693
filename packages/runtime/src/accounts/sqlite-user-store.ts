/** User accounts and sessions in `users.sqlite` beside the embedded log. */
import { OtherWriters } from '@duban/eventstore'
import Database from 'better-sqlite3'
import { hashPassword, passwordMatches } from './passwords'
import type { User, UserRole } from './roles'
import {
  type NewUser,
  newSecret,
  newSession,
  type SessionKind,
  type SignInAttempt,
  type SignInRow,
  tokenHash,
  toSignIn,
  toUser,
  type UserRow,
  type UserStore,
} from './user-store'

/** Sessions kept in memory at most; beyond, the longest known is dropped. */
const MAX_KNOWN_SESSIONS = 10_000

export class SqliteUserStore implements UserStore {
  private readonly db: Database.Database
  private sessionQuery: Database.Statement | undefined
  /**
   * Sessions found, by token: every request asks, and the answer only changes when a session is
   * closed or expires. Closing through this store forgets at once; a change made through another
   * connection to the file (another process's) forgets everything.
   */
  private readonly sessions = new Map<string, { user: User; kind: SessionKind; expiresAt: number }>()
  private readonly otherWriters: OtherWriters

  /** `now` is wall-clock time for session expiry, never the ledger's (possibly frozen) clock. */
  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.otherWriters = new OtherWriters(this.db, { oncePerTurn: false })
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
      CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
      CREATE TABLE IF NOT EXISTS sign_ins (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        ok INTEGER NOT NULL,
        failure TEXT,
        ip TEXT NOT NULL,
        via TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS sign_ins_by_user ON sign_ins (user_id, id);
    `)
    // Added with account events (issue 18): a store made before has no such column.
    const columns = this.db.prepare('PRAGMA table_info(users)').all() as { name: string }[]
    if (!columns.some((column) => column.name === 'disabled'))
      this.db.exec('ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0')
  }

  async createUser(user: NewUser): Promise<User> {
    const passwordHash = await hashPassword(user.password)
    this.db
      .prepare('INSERT INTO users (id, display_name, unit_id, roles, password_hash) VALUES (?, ?, ?, ?, ?)')
      .run(user.id, user.displayName, user.unitId, JSON.stringify(user.roles), passwordHash)
    return toUser(this.row(user.id)!)
  }

  async get(id: string): Promise<User | undefined> {
    const row = this.row(id)
    return row ? toUser(row) : undefined
  }

  async list(): Promise<User[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser)
  }

  async setRoles(id: string, roles: readonly UserRole[]): Promise<void> {
    // A known session carries the user's roles: it is looked up again.
    this.sessions.clear()
    this.db.prepare('UPDATE users SET roles = ? WHERE id = ?').run(JSON.stringify(roles), id)
    // The known sessions hold the user as it was: a changed role must count on the next request.
    this.sessions.clear()
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    this.sessions.clear()
    this.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id)
    this.sessions.clear()
  }

  async setPassword(id: string, password: string): Promise<void> {
    this.sessions.clear()
    const passwordHash = await hashPassword(password)
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id)
  }

  async authenticate(id: string, password: string): Promise<User | undefined> {
    const row = this.row(id)
    if (!row || row.disabled) return undefined
    return (await passwordMatches(row.password_hash, password)) ? toUser(row) : undefined
  }

  async openSession(userId: string, kind: SessionKind): Promise<string> {
    const session = newSession(kind, this.now())
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES (?, ?, ?, ?)')
      .run(session.hash, userId, kind, session.expiresAt)
    return session.token
  }

  async sessionUser(token: string, kind: SessionKind): Promise<User | undefined> {
    this.forgetChangesElsewhere()
    const now = this.now()
    const known = this.sessions.get(token)
    if (known && known.kind === kind && known.expiresAt > now) return known.user
    // Asked on every request that is not known yet: prepared once.
    this.sessionQuery ??= this.db.prepare(
      `SELECT users.*, sessions.expires_at FROM sessions JOIN users ON users.id = sessions.user_id
         WHERE token_hash = ? AND kind = ? AND expires_at > ? AND users.disabled = 0`,
    )
    const row = this.sessionQuery.get(tokenHash(token), kind, now) as
      | (UserRow & { expires_at: number })
      | undefined
    if (!row) return undefined
    const user = toUser(row)
    if (this.sessions.size >= MAX_KNOWN_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!)
    this.sessions.set(token, { user, kind, expiresAt: row.expires_at })
    return user
  }

  /** Forgets the known sessions when another connection committed to the file since the last look. */
  private forgetChangesElsewhere(): void {
    if (this.otherWriters.committedSinceLastLook()) this.sessions.clear()
  }

  async closeSession(token: string): Promise<void> {
    this.sessions.clear()
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token))
  }

  async closeSessionsOf(userId: string): Promise<number> {
    this.sessions.clear()
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes
  }

  async recordSignIn(attempt: SignInAttempt): Promise<void> {
    this.db
      .prepare('INSERT INTO sign_ins (user_id, ok, failure, ip, via, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(attempt.userId, attempt.ok ? 1 : 0, attempt.failure ?? null, attempt.ip, attempt.via, attempt.at)
  }

  async signIns({ userId, limit }: { userId?: string; limit: number }): Promise<SignInAttempt[]> {
    const rows = (
      userId === undefined
        ? this.db.prepare('SELECT * FROM sign_ins ORDER BY id DESC LIMIT ?').all(limit)
        : this.db
            .prepare('SELECT * FROM sign_ins WHERE user_id = ? ORDER BY id DESC LIMIT ?')
            .all(userId, limit)
    ) as SignInRow[]
    return rows.map(toSignIn)
  }

  async secret(name: string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, newSecret())
    return (this.db.prepare('SELECT value FROM secrets WHERE name = ?').get(name) as { value: string }).value
  }

  async close(): Promise<void> {
    this.db.close()
  }

  private row(id: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
  }
}

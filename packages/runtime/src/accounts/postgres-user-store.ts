/**
 * User accounts and sessions in the server store's PostgreSQL (`duban_users`, `duban_sessions`,
 * `duban_secrets`, `duban_sign_ins`), so that a token one API process issued is good on every
 * other. The tables are the schema migrations' (`@duban/eventstore`), run on open.
 */

import { migratePostgres } from '@duban/eventstore'
import type pg from 'pg'
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

export class PostgresUserStore implements UserStore {
  /** The pool is the caller's: `close` leaves it open. */
  static async open(pool: pg.Pool, now: () => number = Date.now): Promise<PostgresUserStore> {
    await migratePostgres(pool)
    return new PostgresUserStore(pool, now)
  }

  /** `now` is wall-clock time for session expiry, never the ledger's (possibly frozen) clock. */
  private constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {}

  async createUser(user: NewUser): Promise<User> {
    const passwordHash = await hashPassword(user.password)
    await this.pool.query(
      'INSERT INTO duban_users (id, display_name, unit_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5)',
      [user.id, user.displayName, user.unitId, JSON.stringify(user.roles), passwordHash],
    )
    return (await this.get(user.id))!
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.row(id)
    return row ? toUser(row) : undefined
  }

  async list(): Promise<User[]> {
    return (await this.pool.query<UserRow>('SELECT * FROM duban_users ORDER BY id')).rows.map(toUser)
  }

  async setRoles(id: string, roles: readonly UserRole[]): Promise<void> {
    await this.pool.query('UPDATE duban_users SET roles = $1 WHERE id = $2', [JSON.stringify(roles), id])
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.pool.query('UPDATE duban_users SET disabled = $1 WHERE id = $2', [disabled, id])
  }

  async setPassword(id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password)
    await this.pool.query('UPDATE duban_users SET password_hash = $1 WHERE id = $2', [passwordHash, id])
  }

  async authenticate(id: string, password: string): Promise<User | undefined> {
    const row = await this.row(id)
    if (!row || row.disabled) return undefined
    return (await passwordMatches(row.password_hash, password)) ? toUser(row) : undefined
  }

  async openSession(userId: string, kind: SessionKind): Promise<string> {
    const session = newSession(kind, this.now())
    await this.pool.query(
      'INSERT INTO duban_sessions (token_hash, user_id, kind, expires_at) VALUES ($1, $2, $3, $4)',
      [session.hash, userId, kind, session.expiresAt],
    )
    return session.token
  }

  async sessionUser(token: string, kind: SessionKind): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT u.* FROM duban_sessions s JOIN duban_users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3 AND NOT u.disabled`,
      [tokenHash(token), kind, this.now()],
    )
    return rows[0] ? toUser(rows[0]) : undefined
  }

  async closeSession(token: string): Promise<void> {
    await this.pool.query('DELETE FROM duban_sessions WHERE token_hash = $1', [tokenHash(token)])
  }

  async closeSessionsOf(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM duban_sessions WHERE user_id = $1', [userId])).rowCount ?? 0
  }

  async recordSignIn(attempt: SignInAttempt): Promise<void> {
    await this.pool.query(
      'INSERT INTO duban_sign_ins (user_id, ok, failure, ip, via, at) VALUES ($1, $2, $3, $4, $5, $6)',
      [attempt.userId, attempt.ok, attempt.failure ?? null, attempt.ip, attempt.via, attempt.at],
    )
  }

  async signIns({ userId, limit }: { userId?: string; limit: number }): Promise<SignInAttempt[]> {
    const { rows } =
      userId === undefined
        ? await this.pool.query<SignInRow>('SELECT * FROM duban_sign_ins ORDER BY id DESC LIMIT $1', [limit])
        : await this.pool.query<SignInRow>(
            'SELECT * FROM duban_sign_ins WHERE user_id = $1 ORDER BY id DESC LIMIT $2',
            [userId, limit],
          )
    return rows.map(toSignIn)
  }

  async secret(name: string): Promise<string> {
    // The first process to ask makes it; every other reads the same, so a CSRF token from one
    // process is good on the next.
    await this.pool.query(
      'INSERT INTO duban_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, newSecret()],
    )
    const { rows } = await this.pool.query<{ value: string }>(
      'SELECT value FROM duban_secrets WHERE name = $1',
      [name],
    )
    return rows[0]!.value
  }

  /** The pool is the caller's to end. */
  async close(): Promise<void> {}

  private async row(id: string): Promise<UserRow | undefined> {
    return (await this.pool.query<UserRow>('SELECT * FROM duban_users WHERE id = $1', [id])).rows[0]
  }
}

/**
 * Plan drafts in the server store's PostgreSQL (`duban_drafts`), shared by every API process.
 * The table is the schema migrations' (`@duban/eventstore`), run on open.
 */
import { migratePostgres } from '@duban/eventstore'
import type { PlanDraft } from '@duban/plan-import'
import type pg from 'pg'
import { type DraftRow, type DraftStore, type StoredDraft, toStoredDraft } from './draft-store'

export class PostgresDraftStore implements DraftStore {
  /** The pool is the caller's: `close` leaves it open. */
  static async open(pool: pg.Pool): Promise<PostgresDraftStore> {
    await migratePostgres(pool)
    return new PostgresDraftStore(pool)
  }

  private constructor(private readonly pool: pg.Pool) {}

  async create(id: string, sourceText: string, draft: PlanDraft, now: Date): Promise<StoredDraft> {
    await this.pool.query(
      'INSERT INTO duban_drafts (id, revision, source_text, draft, created_at) VALUES ($1, 1, $2, $3, $4)',
      [id, sourceText, JSON.stringify(draft), now.toISOString()],
    )
    return (await this.get(id))!
  }

  async get(id: string): Promise<StoredDraft | undefined> {
    const { rows } = await this.pool.query<DraftRow>('SELECT * FROM duban_drafts WHERE id = $1', [id])
    return rows[0] ? toStoredDraft(rows[0]) : undefined
  }

  async update(id: string, revision: number, draft: PlanDraft): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE duban_drafts SET draft = $1, revision = revision + 1
       WHERE id = $2 AND revision = $3 AND confirmed_at IS NULL`,
      [JSON.stringify(draft), id, revision],
    )
    return result.rowCount === 1
  }

  async markConfirmed(id: string, now: Date, confirmation: unknown): Promise<void> {
    await this.pool.query(
      'UPDATE duban_drafts SET confirmed_at = $1, confirmation = $2 WHERE id = $3 AND confirmed_at IS NULL',
      [now.toISOString(), JSON.stringify(confirmation), id],
    )
  }

  /** The pool is the caller's to end. */
  async close(): Promise<void> {}
}

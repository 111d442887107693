/** Plan drafts in `drafts.sqlite` beside the embedded log. */
import type { PlanDraft } from '@duban/plan-import'
import Database from 'better-sqlite3'
import { type DraftRow, type DraftStore, type StoredDraft, toStoredDraft } from './draft-store'

export class SqliteDraftStore implements DraftStore {
  private readonly db: Database.Database

  constructor(file: string) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec(`CREATE TABLE IF NOT EXISTS drafts (
      id TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      source_text TEXT NOT NULL,
      draft TEXT NOT NULL,
      created_at TEXT NOT NULL,
      confirmed_at TEXT,
      confirmation TEXT
    )`)
  }

  async create(id: string, sourceText: string, draft: PlanDraft, now: Date): Promise<StoredDraft> {
    this.db
      .prepare('INSERT INTO drafts (id, revision, source_text, draft, created_at) VALUES (?, 1, ?, ?, ?)')
      .run(id, sourceText, JSON.stringify(draft), now.toISOString())
    return (await this.get(id))!
  }

  async get(id: string): Promise<StoredDraft | undefined> {
    const row = this.db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as DraftRow | undefined
    return row ? toStoredDraft(row) : undefined
  }

  async update(id: string, revision: number, draft: PlanDraft): Promise<boolean> {
    const result = this.db
      .prepare(
        'UPDATE drafts SET draft = ?, revision = revision + 1 WHERE id = ? AND revision = ? AND confirmed_at IS NULL',
      )
      .run(JSON.stringify(draft), id, revision)
    return result.changes === 1
  }

  async markConfirmed(id: string, now: Date, confirmation: unknown): Promise<void> {
    this.db
      .prepare('UPDATE drafts SET confirmed_at = ?, confirmation = ? WHERE id = ? AND confirmed_at IS NULL')
      .run(now.toISOString(), JSON.stringify(confirmation), id)
  }

  async close(): Promise<void> {
    this.db.close()
  }
}

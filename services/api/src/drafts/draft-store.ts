/**
 * Plan drafts under review. A draft is not part of the ledger — nothing is in the event log
 * until the supervision office confirms it — so drafts live in their own small SQLite file.
 * Each edit bumps the draft's revision (its ETag); a confirmed draft is frozen.
 */

import type { PlanDraft } from '@duban/plan-import'
import Database from 'better-sqlite3'

export interface StoredDraft {
  id: string
  revision: number
  draft: PlanDraft
  createdAt: string
  confirmedAt: string | null
  /** What the confirmation wrote, kept so a second confirm answers the same. */
  confirmation: unknown
}

interface DraftRow {
  id: string
  revision: number
  draft: string
  created_at: string
  confirmed_at: string | null
  confirmation: string | null
}

export class DraftStore {
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

  create(id: string, sourceText: string, draft: PlanDraft, now: Date): StoredDraft {
    this.db
      .prepare('INSERT INTO drafts (id, revision, source_text, draft, created_at) VALUES (?, 1, ?, ?, ?)')
      .run(id, sourceText, JSON.stringify(draft), now.toISOString())
    return this.get(id)!
  }

  get(id: string): StoredDraft | undefined {
    const row = this.db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as DraftRow | undefined
    if (!row) return undefined
    return {
      id: row.id,
      revision: row.revision,
      draft: JSON.parse(row.draft) as PlanDraft,
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
      confirmation: row.confirmation === null ? null : JSON.parse(row.confirmation),
    }
  }

  /** Replaces the draft if it is still at `revision`; returns false when someone edited it first. */
  update(id: string, revision: number, draft: PlanDraft): boolean {
    const result = this.db
      .prepare(
        'UPDATE drafts SET draft = ?, revision = revision + 1 WHERE id = ? AND revision = ? AND confirmed_at IS NULL',
      )
      .run(JSON.stringify(draft), id, revision)
    return result.changes === 1
  }

  markConfirmed(id: string, now: Date, confirmation: unknown): void {
    this.db
      .prepare('UPDATE drafts SET confirmed_at = ?, confirmation = ? WHERE id = ? AND confirmed_at IS NULL')
      .run(now.toISOString(), JSON.stringify(confirmation), id)
  }

  close(): void {
    this.db.close()
  }
}

/**
 * Plan drafts under review. A draft is not part of the ledger — nothing is in the event log
 * until the supervision office confirms it — so drafts live beside it: in `drafts.sqlite` in
 * embedded mode (`SqliteDraftStore`), in the server store's PostgreSQL otherwise
 * (`PostgresDraftStore`), where a draft made through one API process is edited and confirmed
 * through any other. Each edit bumps the draft's revision (its ETag); a confirmed draft is frozen.
 */
import type { PlanDraft } from '@duban/plan-import'

export interface StoredDraft {
  id: string
  revision: number
  draft: PlanDraft
  createdAt: string
  confirmedAt: string | null
  /** What the confirmation wrote, kept so a second confirm answers the same. */
  confirmation: unknown
}

export interface DraftStore {
  create(id: string, sourceText: string, draft: PlanDraft, now: Date): Promise<StoredDraft>
  get(id: string): Promise<StoredDraft | undefined>
  /** Replaces the draft if it is still at `revision` and unconfirmed; false when someone edited it first. */
  update(id: string, revision: number, draft: PlanDraft): Promise<boolean>
  /** Freezes the draft with what its confirmation wrote; the first confirmation stays. */
  markConfirmed(id: string, now: Date, confirmation: unknown): Promise<void>
  close(): Promise<void>
}

/** A drafts row as both stores keep it: JSON as text. */
export interface DraftRow {
  id: string
  revision: number
  draft: string
  created_at: string
  confirmed_at: string | null
  confirmation: string | null
}

export const toStoredDraft = (row: DraftRow): StoredDraft => ({
  id: row.id,
  revision: row.revision,
  draft: JSON.parse(row.draft) as PlanDraft,
  createdAt: row.created_at,
  confirmedAt: row.confirmed_at,
  confirmation: row.confirmation === null ? null : JSON.parse(row.confirmation),
})

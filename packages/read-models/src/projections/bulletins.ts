/**
 * Bulletins (督查通报): each draft with its current text, and once published the position and
 * date its figures stand at and its summary; and every escalation a published bulletin listed
 * (the ladder's "listed in the next bulletin" step), stamped with the publishing position so
 * "listed as of P" is a comparison.
 */
import type { Projection } from '@duban/projections'
import { dataOf } from './event-day'

const ddl = `
  CREATE TABLE rm_bulletins (
    bulletin_id TEXT PRIMARY KEY,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    plan_id TEXT,
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    drafted_position INTEGER NOT NULL,
    published_position INTEGER,
    published_on TEXT,
    as_of_position INTEGER,
    as_of_date TEXT,
    summary TEXT
  ) WITHOUT ROWID;
  CREATE TABLE rm_bulletin_listings (
    task_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    escalation_id TEXT NOT NULL,
    bulletin_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (task_id, unit_id, escalation_id, bulletin_id)
  ) WITHOUT ROWID;
`

interface Text {
  title: string
  docNumber?: string
}

export const bulletinsProjection: Projection = {
  name: 'bulletins',
  version: 1,
  handles: ['BulletinDrafted', 'BulletinEdited', 'BulletinPublished'],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event) as unknown as Record<string, unknown>
    const id = String(data['bulletinId'])
    if (event.type === 'BulletinDrafted') {
      const period = data['period'] as { from: string; to: string }
      const text = data['text'] as Text
      db.prepare(
        `INSERT OR IGNORE INTO rm_bulletins (bulletin_id, period_from, period_to, plan_id, title, doc_number, drafted_position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        period.from,
        period.to,
        data['planId'] ?? null,
        text.title,
        text.docNumber ?? '',
        event.position,
      )
      return
    }
    if (event.type === 'BulletinEdited') {
      const text = data['text'] as Text
      db.prepare('UPDATE rm_bulletins SET title = ?, doc_number = ? WHERE bulletin_id = ?').run(
        text.title,
        text.docNumber ?? '',
        id,
      )
      return
    }
    const asOf = data['asOf'] as { position: number; date: string }
    db.prepare(
      `UPDATE rm_bulletins SET published_position = ?, published_on = ?, as_of_position = ?, as_of_date = ?, summary = ?
       WHERE bulletin_id = ?`,
    ).run(event.position, data['publishedOn'], asOf.position, asOf.date, JSON.stringify(data['summary']), id)
    const listing = db.prepare(
      `INSERT OR IGNORE INTO rm_bulletin_listings (task_id, unit_id, escalation_id, bulletin_id, position)
       VALUES (?, ?, ?, ?, ?)`,
    )
    for (const e of data['listedEscalations'] as { taskId: string; unitId: string; escalationId: string }[])
      listing.run(e.taskId, e.unitId, e.escalationId, id, event.position)
  },
}

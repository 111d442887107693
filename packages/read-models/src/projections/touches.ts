/**
 * Which task each event changed (触及): one row per event that any of the tables a task's
 * standing is read from (`queries/task-standing.ts`) handles, with its position and task — or no
 * task, for the rare event that is not about one (a plan registered or amended). "Which tasks
 * changed between positions P and Q" is then one range read, so the views that count every
 * light of a plan recompute only those tasks after a write (`standings-cache.ts`).
 */
import type { Projection } from '@duban/projections'
import { assignmentsProjection } from './assignments'
import { catalogueProjection } from './catalogue'
import { inboxProjection } from './inbox'
import { obligationsProjection } from './obligations'
import { requestsProjection } from './requests'

const ddl = `
  CREATE TABLE rm_touches (
    position INTEGER NOT NULL,
    /** NULL: an event about no one task (it may change any). */
    task_id TEXT,
    PRIMARY KEY (position)
  );
`

/** The projections whose tables a task's standing reads: their events are the ones that touch it. */
const standingSources: readonly Projection[] = [
  catalogueProjection,
  assignmentsProjection,
  obligationsProjection,
  inboxProjection,
  requestsProjection,
]

export const touchesProjection: Projection = {
  name: 'touches',
  version: 1,
  handles: [...new Set(standingSources.flatMap((p) => p.handles))],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const taskId = (event.data as Record<string, unknown>)['taskId']
    db.prepare('INSERT OR IGNORE INTO rm_touches (position, task_id) VALUES (?, ?)').run(
      event.position,
      typeof taskId === 'string' ? taskId : null,
    )
  },
}

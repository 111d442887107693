/**
 * 待办审批: what a unit asked the supervision office to decide — extension requests (延期申请) —
 * with when it was asked and when it was decided, stamped with log positions so "pending as of
 * P" is one range read. Reports awaiting review and closings asked for are in rm_reports and
 * rm_assignment_changes already.
 */
import type { Projection } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { dataOf } from './event-day'

const ddl = `
  CREATE TABLE rm_requests (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    requested_on TEXT NOT NULL,
    requested_position INTEGER NOT NULL,
    /** granted · refused; NULL while pending */
    decision TEXT,
    decided_position INTEGER,
    PRIMARY KEY (unit_id, task_id, request_id)
  ) WITHOUT ROWID;
  CREATE INDEX rm_requests_pending ON rm_requests (requested_position) WHERE decided_position IS NULL;
`

export const requestsProjection: Projection = {
  name: 'requests',
  version: 1,
  handles: ['ExtensionRequested', 'ExtensionGranted', 'ExtensionRefused'],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    const requestId = String(data['requestId'])
    if (event.type === 'ExtensionRequested') {
      db.prepare(
        `INSERT OR IGNORE INTO rm_requests (unit_id, task_id, request_id, requested_on, requested_position)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(data.unitId, data.taskId, requestId, eventDay(event), event.position)
      return
    }
    db.prepare(
      `UPDATE rm_requests SET decision = ?, decided_position = ?
       WHERE unit_id = ? AND task_id = ? AND request_id = ? AND decided_position IS NULL`,
    ).run(
      event.type === 'ExtensionGranted' ? 'granted' : 'refused',
      event.position,
      data.unitId,
      data.taskId,
      requestId,
    )
  },
}

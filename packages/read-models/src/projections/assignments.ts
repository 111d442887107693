/**
 * Assignments (交办): one unit's part of a task — its role, due date, when it signed for it
 * (签收) and where its own closing stands. A row is written when the task is assigned and
 * stamped once when the unit signs, with the log position; the rarer changes (completion
 * requested, closed, reopened, due date extended, passed to a successor) are rows of their own
 * in `rm_assignment_changes`; a hand-over (移交) is also a row of `rm_assignment_transfers`, read
 * from both units. As of position P: assigned by P, signed if signed by P, and the
 * latest change at or before P. Keyed unit first, so a unit's view is an index range.
 */
import type { Projection } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { dataOf, str } from './event-day'

const ddl = `
  CREATE TABLE rm_assignments (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    /** lead · co · district */
    role TEXT NOT NULL,
    /** The due date when assigned; later ones are in rm_assignment_changes. */
    due_date TEXT NOT NULL,
    assigned_on TEXT NOT NULL,
    assigned_position INTEGER NOT NULL,
    acknowledged_on TEXT,
    acknowledged_position INTEGER,
    /** Position of the latest change, NULL when none: lets a current read skip the changes. */
    changed_position INTEGER,
    PRIMARY KEY (unit_id, task_id)
  ) WITHOUT ROWID;
  CREATE INDEX rm_assignments_task ON rm_assignments (task_id);
  CREATE TABLE rm_assignment_changes (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    /** open · completion_requested · closed · transferred (移交: passed to a successor unit) */
    status TEXT NOT NULL,
    due_date TEXT NOT NULL,
    PRIMARY KEY (unit_id, task_id, position)
  ) WITHOUT ROWID;
  CREATE TABLE rm_assignment_transfers (
    task_id TEXT NOT NULL,
    from_unit_id TEXT NOT NULL,
    to_unit_id TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (task_id, from_unit_id)
  ) WITHOUT ROWID;
  CREATE INDEX rm_assignment_transfers_to ON rm_assignment_transfers (to_unit_id, task_id);
`

export const assignmentsProjection: Projection = {
  name: 'assignments',
  version: 3,
  handles: [
    'AssignmentTransferred',
    'TaskAssigned',
    'AssignmentAcknowledged',
    'ExtensionGranted',
    'CompletionRequested',
    'CompletionSentBack',
    'AssignmentClosed',
    'AssignmentReopened',
  ],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    const { unitId, taskId } = data
    if (event.type === 'TaskAssigned') {
      db.prepare(
        `INSERT OR IGNORE INTO rm_assignments (unit_id, task_id, role, due_date, assigned_on, assigned_position)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(unitId, taskId, data['role'], data['dueDate'], eventDay(event), event.position)
      return
    }
    if (event.type === 'AssignmentAcknowledged') {
      db.prepare(
        `UPDATE rm_assignments SET acknowledged_on = ?, acknowledged_position = ?
         WHERE unit_id = ? AND task_id = ? AND acknowledged_position IS NULL`,
      ).run(eventDay(event), event.position, unitId, taskId)
      return
    }
    if (event.type === 'AssignmentTransferred') {
      // Seen from both units: the ceasing one's view says to whom, the successor's from whom.
      db.prepare(
        `INSERT OR IGNORE INTO rm_assignment_transfers (task_id, from_unit_id, to_unit_id, effective_on, reason, position)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(taskId, unitId, data['toUnitId'], data['effectiveOn'], data['reason'], event.position)
    }
    // An extension of one obligation moves that obligation's due date, not the assignment's.
    if (event.type === 'ExtensionGranted' && data['obligationId'] !== undefined) return
    const current = db
      .prepare(
        `SELECT coalesce(c.status, 'open') AS status, coalesce(c.due_date, a.due_date) AS due_date
         FROM rm_assignments a LEFT JOIN rm_assignment_changes c
           ON c.unit_id = a.unit_id AND c.task_id = a.task_id AND c.position = a.changed_position
         WHERE a.unit_id = ? AND a.task_id = ?`,
      )
      .get(unitId, taskId) as { status: string; due_date: string } | undefined
    if (!current) return
    const next =
      event.type === 'ExtensionGranted'
        ? { status: current.status, due_date: str(data['newDueDate']) ?? current.due_date }
        : { status: statusAfter(event.type), due_date: current.due_date }
    db.prepare(
      'INSERT INTO rm_assignment_changes (unit_id, task_id, position, status, due_date) VALUES (?, ?, ?, ?, ?)',
    ).run(unitId, taskId, event.position, next.status, next.due_date)
    db.prepare('UPDATE rm_assignments SET changed_position = ? WHERE unit_id = ? AND task_id = ?').run(
      event.position,
      unitId,
      taskId,
    )
  },
}

function statusAfter(type: string): string {
  if (type === 'CompletionRequested') return 'completion_requested'
  if (type === 'AssignmentClosed') return 'closed'
  if (type === 'AssignmentTransferred') return 'transferred'
  return 'open'
}

/**
 * Obligations (报送义务) and the reports against them (进展报送): the facts the escalation ladder
 * and the lights read. Rows are written once and then only stamped — a review, the first
 * acceptance — each stamp with its log position, so "as of position P" is a comparison on
 * columns, not a version per change: one cheap write per event keeps replay fast.
 *
 * Lights and ladder stages are not stored: they depend on "today" and the working-day calendar,
 * so the queries compute them from these facts for the date asked, and the projection stays
 * deterministic. A due date moved by an extension keeps its history in `rm_due_changes`.
 */
import type { Projection } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { dataOf, str } from './event-day'

const ddl = `
  CREATE TABLE rm_obligations (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    obligation_id TEXT NOT NULL,
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    /** The current due date; earlier ones are in rm_due_changes. */
    due_date TEXT NOT NULL,
    opened_position INTEGER NOT NULL,
    /** The ladder version the obligation walks, as recorded when opened (NULL: ladder-2022.1). */
    ladder_version TEXT,
    /** The first acceptance of a report: the obligation is met (报送义务已完成) from here on. */
    met_position INTEGER,
    PRIMARY KEY (unit_id, task_id, obligation_id)
  ) WITHOUT ROWID;
  CREATE TABLE rm_reports (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    obligation_id TEXT,
    submitted_on TEXT NOT NULL,
    submitted_position INTEGER NOT NULL,
    /** accepted · returned; NULL while awaiting review */
    review TEXT,
    reviewed_on TEXT,
    reviewed_position INTEGER,
    /** Why it was returned (退回理由). */
    reason TEXT,
    PRIMARY KEY (unit_id, task_id, report_id)
  ) WITHOUT ROWID;
  CREATE TABLE rm_due_changes (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    obligation_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    previous_due_date TEXT NOT NULL,
    new_due_date TEXT NOT NULL,
    PRIMARY KEY (unit_id, task_id, obligation_id, position)
  ) WITHOUT ROWID;
  CREATE INDEX rm_due_changes_position ON rm_due_changes (position);
  -- The first acceptance of a report meets its obligation. A trigger, so an acceptance is one
  -- statement: replay spends as much on binding a statement's parameters as on its B-tree work.
  CREATE TRIGGER rm_reports_accepted AFTER UPDATE OF review ON rm_reports
  WHEN NEW.review = 'accepted' AND NEW.obligation_id IS NOT NULL
  BEGIN
    UPDATE rm_obligations SET met_position = NEW.reviewed_position
    WHERE unit_id = NEW.unit_id AND task_id = NEW.task_id AND obligation_id = NEW.obligation_id
      AND met_position IS NULL;
  END;
`

export const obligationsProjection: Projection = {
  name: 'obligations',
  version: 5,
  handles: [
    'ObligationOpened',
    'ProgressReportSubmitted',
    'ProgressReportAccepted',
    'ProgressReportReturned',
    'ExtensionGranted',
  ],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    const { unitId, taskId } = data
    switch (event.type) {
      case 'ObligationOpened':
        db.prepare(
          `INSERT OR IGNORE INTO rm_obligations (unit_id, task_id, obligation_id, period, kind, due_date, opened_position,
             ladder_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          unitId,
          taskId,
          data['obligationId'],
          data['period'],
          data['kind'],
          data['dueDate'],
          event.position,
          str(data['ladderVersion']),
        )
        return
      case 'ProgressReportSubmitted':
        db.prepare(
          `INSERT OR IGNORE INTO rm_reports (unit_id, task_id, report_id, obligation_id, submitted_on, submitted_position)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(unitId, taskId, data['reportId'], str(data['obligationId']), eventDay(event), event.position)
        return
      case 'ProgressReportAccepted':
        db.prepare(
          `UPDATE rm_reports SET review = 'accepted', reviewed_on = ?, reviewed_position = ?, reason = NULL
           WHERE unit_id = ? AND task_id = ? AND report_id = ?`,
        ).run(eventDay(event), event.position, unitId, taskId, data['reportId'])
        return
      case 'ProgressReportReturned':
        db.prepare(
          `UPDATE rm_reports SET review = 'returned', reviewed_on = ?, reviewed_position = ?, reason = ?
           WHERE unit_id = ? AND task_id = ? AND report_id = ?`,
        ).run(eventDay(event), event.position, str(data['reason']) ?? '', unitId, taskId, data['reportId'])
        return
      case 'ExtensionGranted': {
        const obligationId = str(data['obligationId'])
        if (obligationId === null) return
        const row = db
          .prepare(
            'SELECT due_date FROM rm_obligations WHERE unit_id = ? AND task_id = ? AND obligation_id = ?',
          )
          .get(unitId, taskId, obligationId) as { due_date: string } | undefined
        if (!row) return
        db.prepare(
          `INSERT INTO rm_due_changes (unit_id, task_id, obligation_id, position, previous_due_date, new_due_date)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(unitId, taskId, obligationId, event.position, row.due_date, data['newDueDate'])
        db.prepare(
          'UPDATE rm_obligations SET due_date = ? WHERE unit_id = ? AND task_id = ? AND obligation_id = ?',
        ).run(data['newDueDate'], unitId, taskId, obligationId)
      }
    }
  },
}

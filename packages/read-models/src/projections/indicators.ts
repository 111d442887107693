/**
 * Indicator actuals (实际值), bitemporal: each value keeps the log position it was recorded at
 * (the recording axis: what the system knew when) and the period it speaks of (the business
 * axis). A 2023 actual corrected in 2024 is a second row for period 2023: "as recorded on
 * 2024-01-15" reads the first, "as now known" the second. A returned report's values are
 * withdrawn (退回 counts as not submitted) from the position of the return on.
 */
import type { Projection } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { dataOf } from './event-day'

const ddl = `
  CREATE TABLE rm_actuals (
    task_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    period TEXT NOT NULL,
    value REAL NOT NULL,
    unit_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    business_date TEXT NOT NULL,
    recorded_position INTEGER NOT NULL,
    withdrawn_position INTEGER
  );
  CREATE INDEX rm_actuals_target ON rm_actuals (task_id, target_id, period, recorded_position);
  CREATE INDEX rm_actuals_report ON rm_actuals (unit_id, task_id, report_id);
`

interface IndicatorValue {
  targetId: string
  value: number
  period: string
}

export const indicatorsProjection: Projection = {
  name: 'indicators',
  version: 1,
  handles: ['ProgressReportSubmitted', 'ProgressReportReturned'],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    if (event.type === 'ProgressReportReturned') {
      db.prepare(
        `UPDATE rm_actuals SET withdrawn_position = ?
         WHERE unit_id = ? AND task_id = ? AND report_id = ? AND withdrawn_position IS NULL`,
      ).run(event.position, data.unitId, data.taskId, data['reportId'])
      return
    }
    const values = (data['indicatorValues'] ?? []) as IndicatorValue[]
    if (values.length === 0) return
    const insert = db.prepare(
      `INSERT INTO rm_actuals (task_id, target_id, period, value, unit_id, report_id, recorded_by,
         recorded_at, business_date, recorded_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const { targetId, value, period } of values) {
      insert.run(
        data.taskId,
        targetId,
        period,
        value,
        data.unitId,
        data['reportId'],
        event.metadata.actor,
        event.metadata.recordedAt,
        eventDay(event),
        event.position,
      )
    }
  },
}

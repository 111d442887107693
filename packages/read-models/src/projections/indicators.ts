/**
 * Indicator figures (实际值), bitemporal. Only figures of accepted reports count (审核通过): a
 * submitted report's figures wait in `rm_pending_figures` until the office accepts the report
 * (then they become rows of `rm_actuals`, recorded at the acceptance) or returns it (退回: they
 * are dropped). Each row keeps the log position it was recorded at (the recording axis: what the
 * system knew when) and the period it speaks of (the business axis). The office's correction of
 * a past period (`IndicatorActualCorrected`) is one more row for that period, from the unit
 * that corrected it, carrying the period's own business date: "as recorded on 2024-01-15" reads
 * the first value, "as now known" the corrected one. Which row is the task's actual (the lead
 * unit's, or a correction) and which a contribution (a co-unit's) is the view's to say.
 */
import type { Projection } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { dataOf } from './event-day'

const ddl = `
  CREATE TABLE rm_pending_figures (
    task_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    period TEXT NOT NULL,
    value REAL NOT NULL,
    recorded_by TEXT NOT NULL
  );
  CREATE INDEX rm_pending_figures_report ON rm_pending_figures (unit_id, task_id, report_id);
  CREATE TABLE rm_actuals (
    task_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    period TEXT NOT NULL,
    value REAL NOT NULL,
    unit_id TEXT NOT NULL,
    /** report: from an accepted report · correction: the office's correction of a past period */
    source TEXT NOT NULL,
    report_id TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    business_date TEXT NOT NULL,
    recorded_position INTEGER NOT NULL
  );
  CREATE INDEX rm_actuals_target ON rm_actuals (task_id, target_id, period, recorded_position);
`

interface IndicatorValue {
  targetId: string
  value: number
  period: string
}

const insertActual = `INSERT INTO rm_actuals (task_id, target_id, period, value, unit_id, source, report_id,
  recorded_by, recorded_at, business_date, recorded_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

export const indicatorsProjection: Projection = {
  name: 'indicators',
  version: 2,
  handles: [
    'ProgressReportSubmitted',
    'ProgressReportAccepted',
    'ProgressReportReturned',
    'IndicatorActualCorrected',
  ],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    switch (event.type) {
      case 'ProgressReportSubmitted': {
        const values = (data['indicatorValues'] ?? []) as IndicatorValue[]
        const insert = db.prepare(
          `INSERT INTO rm_pending_figures (task_id, unit_id, report_id, target_id, period, value, recorded_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        for (const { targetId, value, period } of values) {
          insert.run(
            data.taskId,
            data.unitId,
            data['reportId'],
            targetId,
            period,
            value,
            event.metadata.actor,
          )
        }
        return
      }
      case 'ProgressReportAccepted': {
        const pending = db
          .prepare(
            `SELECT target_id, period, value, recorded_by FROM rm_pending_figures
             WHERE unit_id = ? AND task_id = ? AND report_id = ?`,
          )
          .all(data.unitId, data.taskId, data['reportId']) as {
          target_id: string
          period: string
          value: number
          recorded_by: string
        }[]
        const insert = db.prepare(insertActual)
        for (const figure of pending) {
          insert.run(
            data.taskId,
            figure.target_id,
            figure.period,
            figure.value,
            data.unitId,
            'report',
            data['reportId'],
            figure.recorded_by,
            event.metadata.recordedAt,
            eventDay(event),
            event.position,
          )
        }
        dropPending(db, data)
        return
      }
      case 'ProgressReportReturned':
        dropPending(db, data)
        return
      case 'IndicatorActualCorrected':
        db.prepare(insertActual).run(
          data.taskId,
          data['targetId'],
          data['period'],
          data['value'],
          event.metadata.unit ?? 'office',
          'correction',
          data['correctionId'],
          event.metadata.actor,
          event.metadata.recordedAt,
          eventDay(event),
          event.position,
        )
        return
    }
  },
}

function dropPending(db: Parameters<Projection['apply']>[0], data: ReturnType<typeof dataOf>): void {
  db.prepare('DELETE FROM rm_pending_figures WHERE unit_id = ? AND task_id = ? AND report_id = ?').run(
    data.unitId,
    data.taskId,
    data['reportId'],
  )
}

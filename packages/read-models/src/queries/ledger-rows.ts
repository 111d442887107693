/**
 * 台账: one row per task × unit of a plan as it stood at a moment — role, last report, status,
 * light and why, working days overdue, notices, extensions. One plan at a time, so an export
 * holds one plan's rows, never the province's.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import { fellDue, type Outcome, outcomeOf } from '../metrics/on-time'
import { type AsOf, assignmentsAt } from './as-of'
import { obligationsAt, planScope } from './facts'
import { tasksAt } from './period'
import type { Policies } from './policies'

export interface LedgerRow {
  taskId: string
  sectionId: string
  number: string
  title: string
  unitId: string
  /** lead · co · district */
  role: string
  assignedOn: string
  acknowledgedOn: string | null
  dueDate: string
  /** open · completion_requested · closed (the task's closing closes every part) */
  status: string
  light: 'green' | 'yellow' | 'red'
  reason: policy.LightVerdict['reason']
  lastReport: { submittedOn: string; review: 'accepted' | 'returned' | null } | null
  /** Working days past the earliest unmet due date (0 when none is overdue). */
  workingDaysOverdue: number
  notices: number
  openNotices: number
  extensionsGranted: number
  /** Outcomes of its obligations that fell due (for its on-time count). */
  outcomes: Outcome[]
}

const ROLE_ORDER: Record<string, number> = { lead: 0, co: 1, district: 2 }

export function ledgerRows(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  planId: string,
): LedgerRow[] {
  const at = { position: asOf.position }
  const tasks = tasksAt(db, asOf, planId)
  const obligations = new Map<string, ReturnType<typeof obligationsAt>>()
  for (const o of obligationsAt(db, asOf.position, planScope(planId))) {
    const key = `${o.unitId}~${o.taskId}`
    const list = obligations.get(key)
    if (list) list.push(o)
    else obligations.set(key, [o])
  }
  const assignmentsOf = db.prepare(`SELECT * FROM ${assignmentsAt('a.task_id = @task')} a`)
  const lastReport = db.prepare(
    `SELECT submitted_on, CASE WHEN reviewed_position <= @position THEN review END AS review FROM rm_reports
     WHERE unit_id = @unit AND task_id = @task AND submitted_position <= @position
     ORDER BY submitted_position DESC LIMIT 1`,
  )
  const notices = db.prepare(
    `SELECT count(*) AS n, sum(CASE WHEN answered_position IS NULL OR answered_position > @position THEN 1 ELSE 0 END) AS open
     FROM rm_inbox WHERE unit_id = @unit AND task_id = @task AND kind = 'notice' AND issued_position <= @position`,
  )
  const extensions = db
    .prepare(
      `SELECT count(*) FROM rm_requests WHERE unit_id = @unit AND task_id = @task
       AND decision = 'granted' AND decided_position <= @position`,
    )
    .pluck()
  const rows: LedgerRow[] = []
  for (const task of tasks.values()) {
    const assignments = assignmentsOf.all({ ...at, task: task.taskId }) as {
      unit_id: string
      role: string
      assigned_on: string
      acknowledged_on: string | null
      status: string
      due_date: string
    }[]
    assignments.sort(
      (a, b) =>
        (ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3) ||
        (a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : 0),
    )
    for (const a of assignments) {
      const key = { ...at, unit: a.unit_id, task: task.taskId }
      const closed = a.status === 'closed' || task.status === 'closed'
      const outcomes: Outcome[] = []
      let overdue = 0
      const verdicts = (obligations.get(`${a.unit_id}~${task.taskId}`) ?? []).map((o) => {
        const standing = policy.obligationStanding(o.facts, asOf.date, policies.ladder, policies.workingDays)
        if (fellDue(o.dueDate, asOf.date)) outcomes.push(outcomeOf(o.facts, standing))
        if (!closed && o.status !== 'met' && fellDue(o.dueDate, asOf.date))
          overdue = Math.max(overdue, policies.workingDays.workingDaysBetween(o.dueDate, asOf.date))
        return standing.verdict
      })
      const verdict = policy.assignmentLight(
        { assignmentId: policy.assignmentLightId(task.taskId, a.unit_id), closed, obligations: verdicts },
        policies.ladder,
      )
      const report = lastReport.get(key) as
        | { submitted_on: string; review: 'accepted' | 'returned' | null }
        | undefined
      const n = notices.get(key) as { n: number; open: number | null }
      rows.push({
        taskId: task.taskId,
        sectionId: task.sectionId,
        number: task.number,
        title: task.title,
        unitId: a.unit_id,
        role: a.role,
        assignedOn: a.assigned_on,
        acknowledgedOn: a.acknowledged_on,
        dueDate: a.due_date,
        status: task.status === 'closed' ? 'closed' : a.status,
        light: verdict.light,
        reason: verdict.reason,
        lastReport: report ? { submittedOn: report.submitted_on, review: report.review } : null,
        workingDaysOverdue: overdue,
        notices: n.n,
        openNotices: n.open ?? 0,
        extensionsGranted: extensions.get(key) as number,
        outcomes,
      })
    }
  }
  return rows
}

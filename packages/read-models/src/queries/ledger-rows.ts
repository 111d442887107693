/**
 * 台账: one row per task × unit of a plan as it stood at a moment — role, last report, status,
 * light and why, working days overdue, notices, extensions. Rows come out task by task from a
 * generator: a reader (the streamed export) holds one task's rows and obligations at a time,
 * never a plan's or the province's. Every query is pinned to the position asked, so the rows do
 * not change if the read models move on between two tasks.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import { fellDue, type Outcome, outcomeOf } from '../metrics/on-time'
import { type AsOf, assignmentsAt } from './as-of'
import { obligationsAt, taskScope } from './facts'
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

export function* ledgerRows(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  planId: string,
): Generator<LedgerRow, void, undefined> {
  const at = { position: asOf.position }
  const tasks = tasksAt(db, asOf, planId)
  const assignmentsOf = db.prepare(`SELECT * FROM ${assignmentsAt('a.task_id = @task')} a`)
  // Per task, grouped by unit: three statements a task rather than three a row.
  const taskUnits =
    'unit_id IN (SELECT unit_id FROM rm_assignments WHERE task_id = @task) AND task_id = @task'
  const lastReports = db.prepare(
    `SELECT unit_id, submitted_on, CASE WHEN reviewed_position <= @position THEN review END AS review FROM rm_reports
     WHERE ${taskUnits} AND submitted_position <= @position ORDER BY unit_id, submitted_position`,
  )
  const notices = db.prepare(
    `SELECT unit_id, count(*) AS n,
       sum(CASE WHEN answered_position IS NULL OR answered_position > @position THEN 1 ELSE 0 END) AS open
     FROM rm_inbox WHERE ${taskUnits} AND kind = 'notice' AND issued_position <= @position GROUP BY unit_id`,
  )
  const extensions = db.prepare(
    `SELECT unit_id, count(*) AS n FROM rm_requests WHERE ${taskUnits}
       AND decision = 'granted' AND decided_position <= @position GROUP BY unit_id`,
  )
  for (const task of tasks.values()) {
    // One task's obligations at a time (a few per unit): memory bounded by the widest task.
    const obligations = new Map<string, ReturnType<typeof obligationsAt>>()
    for (const o of obligationsAt(db, asOf.position, taskScope(task.taskId))) {
      const list = obligations.get(o.unitId)
      if (list) list.push(o)
      else obligations.set(o.unitId, [o])
    }
    const params = { ...at, task: task.taskId }
    const lastReport = new Map<string, { submittedOn: string; review: 'accepted' | 'returned' | null }>()
    for (const r of lastReports.all(params) as {
      unit_id: string
      submitted_on: string
      review: 'accepted' | 'returned' | null
    }[])
      lastReport.set(r.unit_id, { submittedOn: r.submitted_on, review: r.review })
    const noticeCounts = new Map(
      (notices.all(params) as { unit_id: string; n: number; open: number | null }[]).map((r) => [
        r.unit_id,
        r,
      ]),
    )
    const extensionCounts = new Map(
      (extensions.all(params) as { unit_id: string; n: number }[]).map((r) => [r.unit_id, r.n]),
    )
    const assignments = assignmentsOf.all(params) as {
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
      const closed = a.status === 'closed' || task.status === 'closed'
      const outcomes: Outcome[] = []
      let overdue = 0
      const verdicts = (obligations.get(a.unit_id) ?? []).map((o) => {
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
      const n = noticeCounts.get(a.unit_id)
      yield {
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
        lastReport: lastReport.get(a.unit_id) ?? null,
        workingDaysOverdue: overdue,
        notices: n?.n ?? 0,
        openNotices: n?.open ?? 0,
        extensionsGranted: extensionCounts.get(a.unit_id) ?? 0,
        outcomes,
      }
    }
  }
}

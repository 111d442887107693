/**
 * One task's standing at a moment: its 台账 rows, its parts' lights as the plan dashboard counts
 * them, and its obligations that fell due with their outcomes — everything the plan-wide views
 * (dashboard, task board, 台账, on-time ranking) count, computed from that task's rows alone
 * (rm_tasks, rm_assignments and their changes, rm_obligations, rm_reports, rm_due_changes,
 * rm_inbox, rm_requests, all keyed by task). So a standing made at position P and date D still
 * holds at a later position Q if no event between them touched the task (`rm_touches`): the
 * standings cache recomputes only the tasks a write touched.
 */
import { policy } from '@duban/domain'
import { preparedOnce } from '@duban/projections'
import type Database from 'better-sqlite3'
import { fellDue, type Outcome, outcomeOf, outcomeOn } from '../metrics/on-time'
import { type AsOf, assignmentsAt } from './as-of'
import { type ObligationAt, obligationsAt, taskScope } from './facts'
import type { LedgerRow } from './ledger-rows'
import type { DueObligation, TaskInfo } from './period'
import type { Policies } from './policies'

export interface TaskStanding {
  task: TaskInfo
  /** The 台账's rows, lead first, then by unit. */
  rows: LedgerRow[]
  /**
   * Each part's light as the dashboard counts it, in assignment order: a part handed over (移交)
   * counts as closed there, while the 台账 row keeps its own status.
   */
  parts: { unitId: string; verdict: policy.LightVerdict }[]
  /** Its obligations that fell due by the date, with their outcomes, by unit, due date and id. */
  due: DueObligation[]
}

const ROLE_ORDER: Record<string, number> = { lead: 0, co: 1, district: 2 }

// Per task, grouped by unit: a few statements a task rather than a few a row.
const taskUnits = 'unit_id IN (SELECT unit_id FROM rm_assignments WHERE task_id = @task) AND task_id = @task'
const ASSIGNMENTS = `SELECT * FROM ${assignmentsAt('a.task_id = @task')} a`
const LAST_REPORTS = `SELECT unit_id, submitted_on, CASE WHEN reviewed_position <= @position THEN review END AS review
  FROM rm_reports WHERE ${taskUnits} AND submitted_position <= @position ORDER BY unit_id, submitted_position`
const NOTICES = `SELECT unit_id, count(*) AS n,
    sum(CASE WHEN answered_position IS NULL OR answered_position > @position THEN 1 ELSE 0 END) AS open
  FROM rm_inbox WHERE ${taskUnits} AND kind = 'notice' AND issued_position <= @position GROUP BY unit_id`
const EXTENSIONS = `SELECT unit_id, count(*) AS n FROM rm_requests WHERE ${taskUnits}
  AND decision = 'granted' AND decided_position <= @position GROUP BY unit_id`

interface AssignmentRow {
  unit_id: string
  role: string
  assigned_on: string
  acknowledged_on: string | null
  status: string
  due_date: string
}

/** The standing of one task registered by the moment (`task` as `tasksAt` gives it). */
export function taskStanding(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  task: TaskInfo,
): TaskStanding {
  const params = { position: asOf.position, task: task.taskId }
  const obligations = obligationsAt(db, asOf.position, taskScope(task.taskId))
  // Each obligation's standing once: the 台账 row and the dashboard part read the same verdicts.
  const byUnit = new Map<string, { o: ObligationAt; standing: policy.ObligationStanding }[]>()
  for (const o of obligations) {
    const entry = {
      o,
      standing: policy.obligationStanding(o.facts, asOf.date, policies.ladder, policies.workingDays),
    }
    const list = byUnit.get(o.unitId)
    if (list) list.push(entry)
    else byUnit.set(o.unitId, [entry])
  }
  const lastReport = new Map<string, { submittedOn: string; review: 'accepted' | 'returned' | null }>()
  for (const r of preparedOnce(db, LAST_REPORTS).all(params) as {
    unit_id: string
    submitted_on: string
    review: 'accepted' | 'returned' | null
  }[])
    lastReport.set(r.unit_id, { submittedOn: r.submitted_on, review: r.review })
  const noticeCounts = new Map(
    (preparedOnce(db, NOTICES).all(params) as { unit_id: string; n: number; open: number | null }[]).map(
      (r) => [r.unit_id, r],
    ),
  )
  const extensionCounts = new Map(
    (preparedOnce(db, EXTENSIONS).all(params) as { unit_id: string; n: number }[]).map((r) => [
      r.unit_id,
      r.n,
    ]),
  )
  const assignments = preparedOnce(db, ASSIGNMENTS).all(params) as AssignmentRow[]

  // 移交: a ceased unit's assignment passed on to its successor is closed for it, in the
  // dashboard's counts and in its 台账 row alike (the unit view and overdue board say the same).
  const isClosed = (a: AssignmentRow) =>
    a.status === 'closed' || a.status === 'transferred' || task.status === 'closed'
  const parts = assignments.map((a) => ({
    unitId: a.unit_id,
    verdict: policy.assignmentLight(
      {
        assignmentId: policy.assignmentLightId(task.taskId, a.unit_id),
        closed: isClosed(a),
        obligations: (byUnit.get(a.unit_id) ?? []).map(({ standing }) => standing.verdict),
      },
      policies.ladder,
    ),
  }))

  const rows: LedgerRow[] = []
  const inOrder = [...assignments].sort(
    (a, b) =>
      (ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3) ||
      (a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : 0),
  )
  for (const a of inOrder) {
    const closed = isClosed(a)
    const outcomes: Outcome[] = []
    let overdue = 0
    const verdicts = (byUnit.get(a.unit_id) ?? []).map(({ o, standing }) => {
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
      lastReport: lastReport.get(a.unit_id) ?? null,
      workingDaysOverdue: overdue,
      notices: n?.n ?? 0,
      openNotices: n?.open ?? 0,
      extensionsGranted: extensionCounts.get(a.unit_id) ?? 0,
      outcomes,
    })
  }

  const roles = new Map(assignments.map((a) => [a.unit_id, a.role]))
  const due: DueObligation[] = []
  for (const o of obligations) {
    if (!fellDue(o.dueDate, asOf.date)) continue
    due.push({
      unitId: o.unitId,
      taskId: o.taskId,
      planId: task.planId,
      role: roles.get(o.unitId) ?? 'co',
      obligationId: o.obligationId,
      period: o.period,
      dueDate: o.dueDate,
      outcome: outcomeOn(o.facts, asOf.date, policies),
      returned: o.facts.reports.filter((r) => r.review?.outcome === 'returned').length,
    })
  }
  return { task, rows, parts, due }
}

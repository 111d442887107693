/**
 * 单位责任清单 — a unit's accountability view: every task it leads or shares, each obligation
 * with its due date, status, light and reason, returned reports, open notices, and its on-time
 * rate, as of the moment asked.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import { fellDue, type Outcome, outcomeOf, tally } from '../metrics/on-time'
import { type AsOf, assignmentsAt, validAt } from './as-of'
import { type ObligationAt, obligationsAt, unitScope } from './facts'
import type { Page } from './page'
import type { Policies } from './policies'

export interface ObligationLine {
  obligationId: string
  period: string
  dueDate: string
  status: 'open' | 'under_review' | 'met'
  light: policy.Light
  reason: policy.LightVerdict['reason']
  stage: string | null
}

export interface ReturnedReport {
  reportId: string
  /** null for a report on the assignment as a whole, not for one period's obligation. */
  obligationId: string | null
  submittedOn: string
  returnedOn: string
  reason: string
}

export interface NoticeLine {
  noticeId: string
  grade: string | null
  issuedOn: string
  answerDueOn: string | null
  text: string | null
}

export interface UnitAssignment {
  taskId: string
  planId: string
  sectionId: string
  number: string
  title: string
  role: 'lead' | 'co' | 'district'
  dueDate: string
  status: string
  taskStatus: string
  acknowledgedOn: string | null
  light: policy.Light
  reason: policy.LightVerdict['reason']
  obligations: ObligationLine[]
  returnedReports: ReturnedReport[]
  openNotices: NoticeLine[]
  /** 移交: this unit ceased and passed the assignment on (status `transferred`). */
  transferredTo: TransferLine | null
  /** 承接: the units whose assignment of this task this unit took over. */
  takenOverFrom: TransferLine[]
}

export interface TransferLine {
  unitId: string
  effectiveOn: string
  reason: string
}

export interface UnitView {
  unitId: string
  asOf: AsOf
  summary: {
    assignments: number
    lights: policy.LightCounts
    /** Obligations due by the date, and how many of them were met on time (accepted, submitted by the due date). */
    obligationsDue: number
    metOnTime: number
    /** metOnTime / obligationsDue; null when nothing was due yet. */
    onTimeRate: number | null
    openNotices: number
    returnedReports: number
  }
  assignments: UnitAssignment[]
  page: Page
}

interface AssignmentRow {
  task_id: string
  plan_id: string
  section_id: string
  number: string
  title: string
  role: UnitAssignment['role']
  due_date: string
  status: string
  task_status: string
  acknowledged_on: string | null
}

interface NoticeRow {
  task_id: string
  item_id: string
  grade: string | null
  issued_on: string
  answer_due_on: string | null
  text: string | null
}

export function unitView(
  db: Database.Database,
  policies: Policies,
  unitId: string,
  asOf: AsOf,
  options: { planId?: string; limit: number; offset: number },
): UnitView {
  const params = { unit: unitId, position: asOf.position, plan: options.planId ?? null }
  const rows = db
    .prepare(
      `SELECT a.task_id, t.plan_id, t.section_id, t.number, t.title, a.role, a.due_date, a.status,
              t.status AS task_status, a.acknowledged_on
       FROM ${assignmentsAt('a.unit_id = @unit')} a JOIN rm_tasks t ON t.task_id = a.task_id AND ${validAt('t')}
       WHERE @plan IS NULL OR t.plan_id = @plan
       ORDER BY t.plan_id, a.task_id`,
    )
    .all(params) as AssignmentRow[]
  const obligations = new Map<string, ObligationAt[]>()
  for (const obligation of obligationsAt(db, asOf.position, unitScope(unitId))) {
    const list = obligations.get(obligation.taskId)
    if (list) list.push(obligation)
    else obligations.set(obligation.taskId, [obligation])
  }
  const notices = new Map<string, NoticeLine[]>()
  for (const row of db
    .prepare(
      `SELECT i.task_id, i.item_id, i.grade, i.issued_on, i.answer_due_on, i.text FROM rm_inbox i
       WHERE i.unit_id = @unit AND i.kind = 'notice' AND i.issued_position <= @position
         AND (i.answered_position IS NULL OR i.answered_position > @position)
       ORDER BY i.issued_position`,
    )
    .all(params) as NoticeRow[]) {
    const line: NoticeLine = {
      noticeId: row.item_id.slice('notice:'.length),
      grade: row.grade,
      issuedOn: row.issued_on,
      answerDueOn: row.answer_due_on,
      text: row.text,
    }
    notices.set(row.task_id, [...(notices.get(row.task_id) ?? []), line])
  }

  // Reports on the assignment as a whole count for no obligation's light, but a return is a return.
  const returnedApart = new Map<string, ReturnedReport[]>()
  for (const row of db
    .prepare(
      `SELECT task_id, report_id, submitted_on, reviewed_on, reason FROM rm_reports
       WHERE unit_id = @unit AND obligation_id IS NULL AND review = 'returned' AND reviewed_position <= @position
       ORDER BY reviewed_position`,
    )
    .all(params) as {
    task_id: string
    report_id: string
    submitted_on: string
    reviewed_on: string
    reason: string | null
  }[]) {
    const returned: ReturnedReport = {
      reportId: row.report_id,
      obligationId: null,
      submittedOn: row.submitted_on,
      returnedOn: row.reviewed_on,
      reason: row.reason ?? '',
    }
    returnedApart.set(row.task_id, [...(returnedApart.get(row.task_id) ?? []), returned])
  }

  const transfers = db
    .prepare(
      `SELECT task_id, from_unit_id, to_unit_id, effective_on, reason FROM rm_assignment_transfers
       WHERE (from_unit_id = @unit OR to_unit_id = @unit) AND position <= @position ORDER BY position`,
    )
    .all(params) as {
    task_id: string
    from_unit_id: string
    to_unit_id: string
    effective_on: string
    reason: string
  }[]

  const summary = {
    assignments: rows.length,
    lights: policy.emptyLightCounts(),
    obligationsDue: 0,
    metOnTime: 0,
    onTimeRate: null as number | null,
    openNotices: 0,
    returnedReports: 0,
  }
  const dueOutcomes: Outcome[] = []
  const assignments = rows.map((row): UnitAssignment => {
    const lines: ObligationLine[] = []
    const returnedReports: ReturnedReport[] = [...(returnedApart.get(row.task_id) ?? [])]
    for (const o of obligations.get(row.task_id) ?? []) {
      const { facts } = o
      const standing = policy.obligationStanding(facts, asOf.date, policies.ladder, policies.workingDays)
      if (fellDue(o.dueDate, asOf.date)) dueOutcomes.push(outcomeOf(facts, standing))
      for (const report of facts.reports) {
        if (report.review?.outcome !== 'returned') continue
        returnedReports.push({
          reportId: report.reportId,
          obligationId: o.obligationId,
          submittedOn: report.submittedOn,
          returnedOn: report.review.on,
          reason: report.reason ?? '',
        })
      }
      lines.push({
        obligationId: o.obligationId,
        period: o.period,
        dueDate: o.dueDate,
        status: o.status,
        light: standing.verdict.light,
        reason: standing.verdict.reason,
        stage: standing.stage,
      })
    }
    // A passed-on assignment is the successor's to answer for: no light of its own here.
    const closed = row.status === 'closed' || row.status === 'transferred' || row.task_status === 'closed'
    const out = transfers.find((x) => x.task_id === row.task_id && x.from_unit_id === unitId)
    const taken = transfers.filter((x) => x.task_id === row.task_id && x.to_unit_id === unitId)
    const verdict = policy.assignmentLight(
      {
        assignmentId: policy.assignmentLightId(row.task_id, unitId),
        closed,
        obligations: lines.map((l) => ({ light: l.light, reason: l.reason })),
      },
      policies.ladder,
    )
    const openNotices = notices.get(row.task_id) ?? []
    summary.lights[verdict.light]++
    summary.openNotices += openNotices.length
    summary.returnedReports += returnedReports.length
    return {
      taskId: row.task_id,
      planId: row.plan_id,
      sectionId: row.section_id,
      number: row.number,
      title: row.title,
      role: row.role,
      dueDate: row.due_date,
      status: row.status,
      taskStatus: row.task_status,
      acknowledgedOn: row.acknowledged_on,
      light: verdict.light,
      reason: verdict.reason,
      obligations: lines,
      returnedReports,
      openNotices,
      transferredTo: out
        ? { unitId: out.to_unit_id, effectiveOn: out.effective_on, reason: out.reason }
        : null,
      takenOverFrom: taken.map((x) => ({
        unitId: x.from_unit_id,
        effectiveOn: x.effective_on,
        reason: x.reason,
      })),
    }
  })
  // The one on-time count (metrics/on-time.ts): the ranking and the bulletin count the same way.
  const due = tally(dueOutcomes)
  summary.obligationsDue = due.due
  summary.metOnTime = due.onTime
  summary.onTimeRate = due.onTimeRate
  return {
    unitId,
    asOf,
    summary,
    assignments: assignments.slice(options.offset, options.offset + options.limit),
    page: { total: assignments.length, limit: options.limit, offset: options.offset },
  }
}

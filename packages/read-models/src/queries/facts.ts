/**
 * Rebuilds each obligation's ladder facts as they stood at a log position, from rows stamped
 * with the positions of their changes: a report counts if submitted by P, its review if
 * reviewed by P; a notice if issued by P, its answer if answered by P; the due date is the one
 * in force at P.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'

/** The ladder's facts, plus why each returned report was returned (退回理由). */
export interface StoredFacts extends policy.ObligationFacts {
  reports: (policy.ReportFact & { reason?: string })[]
  notices: policy.NoticeFact[]
}

export interface ObligationAt {
  unitId: string
  taskId: string
  obligationId: string
  period: string
  dueDate: string
  status: 'open' | 'under_review' | 'met'
  facts: StoredFacts
}

/** Which obligations: a SQL condition on `unit_id` / `task_id` shared by all four tables. */
export interface Scope {
  where: string
  params: Record<string, string | number | null>
}

interface ObligationRow {
  unit_id: string
  task_id: string
  obligation_id: string
  period: string
  /** The due date in force at the position asked (`dueDateAt`). */
  due_at: string
  met_position: number | null
  ladder_version: string | null
}

interface ReportRow {
  unit_id: string
  task_id: string
  report_id: string
  obligation_id: string | null
  submitted_on: string
  review: 'accepted' | 'returned' | null
  reviewed_on: string | null
  reviewed_position: number | null
  reason: string | null
}

interface NoticeRow {
  unit_id: string
  task_id: string
  item_id: string
  obligation_id: string | null
  issued_on: string
  answer_due_on: string | null
  answered_on: string | null
  answered_position: number | null
  committed_on: string | null
}

const keyOf = (unitId: string, taskId: string, obligationId: string) =>
  `${unitId}\u0000${taskId}\u0000${obligationId}`

/**
 * SQL for the due date in force at @position of the obligation row `alias`: the one the earliest
 * extension after P replaced, if any, else the current one.
 */
export const dueDateAt = (alias: string) => `coalesce((SELECT c.previous_due_date FROM rm_due_changes c
    WHERE c.unit_id = ${alias}.unit_id AND c.task_id = ${alias}.task_id AND c.obligation_id = ${alias}.obligation_id
      AND c.position > @position ORDER BY c.position LIMIT 1), ${alias}.due_date)`

/** Every obligation in `scope` opened by `position`, with its facts as of then, in key order. */
export function obligationsAt(
  db: Database.Database,
  position: number,
  scope: Scope,
  extra: { obligations?: string; params?: Record<string, string | number | null> } = {},
): ObligationAt[] {
  const params = { ...scope.params, position, ...extra.params }
  // With a narrower choice of obligations, read only the facts of their assignments.
  const pairs = extra.obligations
    ? ` AND (unit_id, task_id) IN (SELECT unit_id, task_id FROM rm_obligations
         WHERE ${scope.where} AND opened_position <= @position ${extra.obligations})`
    : ''
  const rows = db
    .prepare(
      `SELECT unit_id, task_id, obligation_id, period, ${dueDateAt('rm_obligations')} AS due_at, met_position,
         ladder_version FROM rm_obligations WHERE ${scope.where} AND opened_position <= @position ${extra.obligations ?? ''}
       ORDER BY unit_id, task_id, due_date, obligation_id`,
    )
    .all(params) as ObligationRow[]
  if (rows.length === 0) return []
  const result = new Map<string, ObligationAt>()
  for (const row of rows) {
    const facts: StoredFacts = {
      obligationId: row.obligation_id,
      dueDate: row.due_at,
      // An obligation that recorded no ladder walked the unrecorded one (ladder-2022.1).
      ladderVersion: row.ladder_version ?? policy.unrecordedLadder.version,
      reports: [],
      notices: [],
      stagesReached: [],
    }
    result.set(keyOf(row.unit_id, row.task_id, row.obligation_id), {
      unitId: row.unit_id,
      taskId: row.task_id,
      obligationId: row.obligation_id,
      period: row.period,
      dueDate: row.due_at,
      status: row.met_position !== null && row.met_position <= position ? 'met' : 'open',
      facts,
    })
  }
  for (const report of db
    .prepare(
      `SELECT unit_id, task_id, report_id, obligation_id, submitted_on, review, reviewed_on, reviewed_position, reason
       FROM rm_reports WHERE ${scope.where} AND submitted_position <= @position AND obligation_id IS NOT NULL${pairs}
       ORDER BY submitted_position`,
    )
    .all(params) as ReportRow[]) {
    const obligation = result.get(keyOf(report.unit_id, report.task_id, report.obligation_id ?? ''))
    if (!obligation) continue
    const reviewed =
      report.review !== null && report.reviewed_position !== null && report.reviewed_position <= position
    obligation.facts.reports.push({
      reportId: report.report_id,
      submittedOn: report.submitted_on,
      review: reviewed ? { outcome: report.review ?? 'returned', on: report.reviewed_on ?? '' } : null,
      ...(reviewed && report.review === 'returned' ? { reason: report.reason ?? '' } : {}),
    })
    if (!reviewed && obligation.status === 'open') obligation.status = 'under_review'
  }
  for (const notice of db
    .prepare(
      `SELECT unit_id, task_id, item_id, obligation_id, issued_on, answer_due_on, answered_on, answered_position,
         committed_on FROM rm_inbox WHERE ${scope.where} AND kind = 'notice' AND issued_position <= @position
         AND obligation_id IS NOT NULL${pairs} ORDER BY issued_position`,
    )
    .all(params) as NoticeRow[]) {
    const obligation = result.get(keyOf(notice.unit_id, notice.task_id, notice.obligation_id ?? ''))
    if (!obligation) continue
    const answered = notice.answered_position !== null && notice.answered_position <= position
    obligation.facts.notices.push({
      noticeId: notice.item_id.slice('notice:'.length),
      issuedOn: notice.issued_on,
      answerDueOn: notice.answer_due_on ?? notice.issued_on,
      answeredOn: answered ? notice.answered_on : null,
      ...(answered && notice.committed_on !== null && { committedDate: notice.committed_on }),
    })
  }
  return [...result.values()]
}

export const unitScope = (unitId: string): Scope => ({ where: 'unit_id = @unit', params: { unit: unitId } })

export const unitTaskScope = (unitId: string, taskId: string): Scope => ({
  where: 'unit_id = @unit AND task_id = @task',
  params: { unit: unitId, task: taskId },
})

/**
 * One task's obligations: the units come from the task's assignments (indexed by task), so each
 * table is read by its (unit_id, task_id) key instead of scanned.
 */
export const taskScope = (taskId: string): Scope => ({
  where: 'unit_id IN (SELECT unit_id FROM rm_assignments WHERE task_id = @task) AND task_id = @task',
  params: { task: taskId },
})

/** Every task of a plan registered by the position asked (tasks never leave a plan). */
export const planScope = (planId: string): Scope => ({
  where:
    'task_id IN (SELECT task_id FROM rm_tasks WHERE plan_id = @plan AND valid_from_position <= @position)',
  params: { plan: planId },
})

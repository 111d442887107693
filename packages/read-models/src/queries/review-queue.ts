/**
 * 审核队列: what awaits the supervision office as of the moment asked — reports submitted and not
 * yet reviewed, extension requests not yet decided, closings asked for (办结申请) and not yet
 * verified or sent back. Oldest first. Each line names its assignment; what was written (a
 * narrative, a reason, a summary) is in the assignment's own stream (`taskHistory`).
 */
import type Database from 'better-sqlite3'
import { type AsOf, assignmentsAt } from './as-of'

export interface ReviewFilters {
  unitId?: string
  planId?: string
}

export interface ReviewQueue {
  asOf: AsOf
  /** How many of each wait, over the filters; each list holds one page of them. */
  counts: { reports: number; extensions: number; closings: number }
  reports: {
    unitId: string
    taskId: string
    reportId: string
    obligationId: string | null
    submittedOn: string
  }[]
  extensions: { unitId: string; taskId: string; requestId: string; requestedOn: string }[]
  closings: { unitId: string; taskId: string }[]
}

export function reviewQueue(
  db: Database.Database,
  asOf: AsOf,
  filters: ReviewFilters = {},
  paging: { limit: number; offset: number } = { limit: 1000, offset: 0 },
): ReviewQueue {
  const at = { position: asOf.position, unit: filters.unitId ?? null, plan: filters.planId ?? null }
  const scope = (alias: string) => `(@unit IS NULL OR ${alias}unit_id = @unit)
    AND (@plan IS NULL OR ${alias}task_id IN (SELECT task_id FROM rm_tasks WHERE plan_id = @plan))`
  const reports = db
    .prepare(
      `SELECT unit_id AS unitId, task_id AS taskId, report_id AS reportId, obligation_id AS obligationId,
              submitted_on AS submittedOn
       FROM rm_reports WHERE ${scope('')} AND submitted_position <= @position
         AND (reviewed_position IS NULL OR reviewed_position > @position)
       ORDER BY submitted_position`,
    )
    .all(at) as ReviewQueue['reports']
  const extensions = db
    .prepare(
      `SELECT unit_id AS unitId, task_id AS taskId, request_id AS requestId, requested_on AS requestedOn
       FROM rm_requests WHERE ${scope('')} AND requested_position <= @position
         AND (decided_position IS NULL OR decided_position > @position)
       ORDER BY requested_position`,
    )
    .all(at) as ReviewQueue['extensions']
  const closings = db
    .prepare(
      `SELECT a.unit_id AS unitId, a.task_id AS taskId FROM ${assignmentsAt('1 = 1')} a
       WHERE ${scope('a.')} AND a.status = 'completion_requested' ORDER BY a.task_id, a.unit_id`,
    )
    .all(at) as ReviewQueue['closings']
  const page = <T>(list: T[]) => list.slice(paging.offset, paging.offset + paging.limit)
  return {
    asOf,
    counts: { reports: reports.length, extensions: extensions.length, closings: closings.length },
    reports: page(reports),
    extensions: page(extensions),
    closings: page(closings),
  }
}

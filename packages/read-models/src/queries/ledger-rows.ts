/**
 * 台账: one row per task × unit of a plan as it stood at a moment — role, last report, status,
 * light and why, working days overdue, notices, extensions. Rows come out task by task from a
 * generator: a reader (the streamed export) holds one task's rows and obligations at a time,
 * never a plan's or the province's. Every query is pinned to the position asked, so the rows do
 * not change if the read models move on between two tasks.
 */
import type { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import type { Outcome } from '../metrics/on-time'
import type { AsOf } from './as-of'
import { tasksAt } from './period'
import type { Policies } from './policies'
import { taskStanding } from './task-standing'

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
  /** open · completion_requested · closed (the task's closing closes every part) · transferred (移交 to a successor) */
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

export function* ledgerRows(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  planId: string,
): Generator<LedgerRow, void, undefined> {
  // One task's obligations at a time (a few per unit): memory bounded by the widest task.
  for (const task of tasksAt(db, asOf, planId).values()) yield* taskStanding(db, policies, asOf, task).rows
}

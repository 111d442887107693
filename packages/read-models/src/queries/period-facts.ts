/**
 * The period facts at one moment over one read-model connection: what the bulletin, the
 * performance view and the 台账 count from. A function of the connection alone, so a worker
 * thread can open the read-model file read-only and compose a bulletin off the request thread
 * from the very same queries (`@duban/reporting`'s composer).
 */
import Database from 'better-sqlite3'
import type { AsOf } from './as-of'
import { indicatorView } from './indicator-view'
import { ledgerRows } from './ledger-rows'
import { memoWorkingDays } from './memo-working-days'
import {
  assignedUnits,
  bulletinsAt,
  burdenAt,
  type DateRange,
  dueObligations,
  escalationsAt,
  tasksAt,
} from './period'
import type { Policies } from './policies'

export function periodFactsOf(db: Database.Database, at: AsOf, policies: Policies) {
  return {
    tasks: (planId?: string) => tasksAt(db, at, planId),
    dueObligations: (range: DateRange, planId?: string) => dueObligations(db, policies, at, range, planId),
    assignedUnits: (planId?: string) => assignedUnits(db, at, planId),
    escalations: (options: { range?: DateRange; planId?: string } = {}) => escalationsAt(db, at, options),
    burden: (range: DateRange, planId?: string) => burdenAt(db, at, range, planId),
    bulletins: () => bulletinsAt(db, at),
    ledgerRows: (planId: string) => ledgerRows(db, policies, at, planId),
    plans: () =>
      db
        .prepare(
          `SELECT plan_id AS planId, title, period_from AS periodFrom, period_to AS periodTo FROM rm_plans
           WHERE registered_position <= ? ORDER BY registered_position`,
        )
        .all(at.position) as { planId: string; title: string; periodFrom: number; periodTo: number }[],
    indicators: (planId: string) =>
      indicatorView(db, planId, at, { livePosition: at.position })?.indicators ?? [],
    /** Every unit any assignment named by the moment (the units a bulletin may name). */
    units: () =>
      db
        .prepare('SELECT DISTINCT unit_id FROM rm_assignments WHERE assigned_position <= ? ORDER BY unit_id')
        .pluck()
        .all(at.position) as string[],
  }
}

export type PeriodFacts = ReturnType<typeof periodFactsOf>

/** Read-only connections to read-model files, one per file, kept for the life of the thread. */
const readers = new Map<string, Database.Database>()

/**
 * The period facts from a read-model file opened read-only on this thread (a worker's own
 * connection beside the runner's). The moment must be one the file holds (`ReadModels.pinned`):
 * every query is pinned to its position, so rows the runner writes meanwhile change nothing.
 */
export function readOnlyPeriodFacts(file: string, at: AsOf, policies: Policies): PeriodFacts {
  let db = readers.get(file)
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    readers.set(file, db)
  }
  return periodFactsOf(db, at, {
    ladder: policies.ladder,
    workingDays: memoWorkingDays(policies.workingDays),
  })
}

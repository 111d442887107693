/**
 * A scheduler over an event store: the due index in its own read-model file (or in memory for a
 * simulation), the runner that keeps it current, and the scheduler itself.
 */
import type { Calendar } from '@duban/calendar'
import { latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import type { LedgerDeps, UnitsOverTime } from '@duban/ledger'
import { ProjectionRunner } from '@duban/projections'
import { dueIndexProjection } from './due-index'
import { memoizedCalendar } from './memo-calendar'
import { Scheduler } from './scheduler'

export interface OpenSchedulerOptions {
  ledger: LedgerDeps
  /** The due index's SQLite file; ':memory:' for a simulation. */
  indexFile: string
  ladder?: policy.EscalationPolicy
  calendar?: Calendar
  concurrency?: number
  /** The unit directory: mergers and abolitions handled, no step for a unit that is gone. */
  units?: UnitsOverTime
}

export function openScheduler(options: OpenSchedulerOptions): {
  scheduler: Scheduler
  runner: ProjectionRunner
} {
  const ladder = options.ladder ?? policy.defaultEscalationPolicy
  const calendar = memoizedCalendar(options.calendar ?? latestCalendar())
  const runner = ProjectionRunner.open(options.indexFile, {
    store: options.ledger.store,
    projections: [dueIndexProjection({ ladder, workingDays: calendar })],
  })
  const scheduler = new Scheduler({
    ledger: options.ledger,
    runner,
    ladder,
    calendar,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.units && { units: options.units }),
  })
  return { scheduler, runner }
}

#!/usr/bin/env node
/**
 * The scheduler as a process, on the embedded SQLite log:
 *   tsx services/scheduler/src/main.ts [--log FILE] [--index FILE] [--today D | --from D --to D]
 * Without dates it runs once for the business date of the system clock (run it from cron, or
 * every few minutes: a rerun writes nothing). `--from/--to` replays each business day at 08:00
 * Shanghai time on a simulated clock; `--today` runs once as of that morning (a catch-up).
 * Files default to duban.sqlite and scheduler.sqlite under DUBAN_DATA_DIR (./data).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startOfBusinessDay } from '@duban/calendar'
import { domainEvents } from '@duban/domain'
import { openSqliteEventStore } from '@duban/eventstore'
import { type Clock, eventCodec, SimulatedClock, StateCache, systemClock } from '@duban/ledger'
import { openScheduler } from './open'

const date = /^\d{4}-\d{2}-\d{2}$/

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      log: { type: 'string' },
      index: { type: 'string' },
      today: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  })
  const dataDir = process.env.DUBAN_DATA_DIR ?? './data'
  const days = businessDays(values)
  const clock: Clock & Partial<Pick<SimulatedClock, 'advanceTo'>> =
    days.length > 0 ? new SimulatedClock(morningOf(days[0]!)) : systemClock
  const store = openSqliteEventStore({ file: values.log ?? join(dataDir, 'duban.sqlite') })
  const ledger = { store, clock, codec: eventCodec(domainEvents), states: new StateCache() }
  const { scheduler, runner } = openScheduler({
    ledger,
    indexFile: values.index ?? join(dataDir, 'scheduler.sqlite'),
  })
  try {
    for (const day of days.length > 0 ? days : [null]) {
      if (day) {
        clock.advanceTo?.(morningOf(day))
        process.stdout.write(`running ${day}\n`)
      }
      const run = await scheduler.runOnce()
      const { today, obligationsOpened, reminders, notices, escalations, alreadyRecorded, refused } = run
      process.stdout.write(
        `${JSON.stringify({ today, obligationsOpened, reminders, notices, escalations, alreadyRecorded, refused: refused.length })}\n`,
      )
    }
  } finally {
    await runner.close()
    await store.close()
  }
}

function businessDays(values: {
  today?: string | undefined
  from?: string | undefined
  to?: string | undefined
}) {
  for (const given of [values.today, values.from, values.to]) {
    if (given !== undefined && !date.test(given)) usage(`not a date (YYYY-MM-DD): ${given}`)
  }
  if (values.today) return [values.today]
  if (!values.from && !values.to) return []
  if (!values.from || !values.to || values.from > values.to) usage('--from and --to go together, from ≤ to')
  const out: string[] = []
  for (
    let d = new Date(`${values.from}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= values.to!;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push(d.toISOString().slice(0, 10))
  }
  return out
}

const morningOf = (day: string) => new Date(startOfBusinessDay(day).getTime() + 8 * 3_600_000)

function usage(message: string): never {
  process.stderr.write(`duban-scheduler: ${message}\n`)
  process.exit(2)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `duban-scheduler: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})

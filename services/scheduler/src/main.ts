#!/usr/bin/env node
/**
 * The scheduler as a process:
 *   tsx services/scheduler/src/main.ts [--store URL | --log FILE] [--index FILE]
 *                                      [--today D | --from D --to D] [--every DURATION]
 * Without `--every` it runs once for the business date of the system clock (run it from cron: a
 * rerun writes nothing); `--from/--to` replays each business day at 08:00 Shanghai time on a
 * simulated clock; `--today` runs once as of that morning (a catch-up).
 *
 * With `--every 60s` (or DUBAN_SCHEDULER_EVERY) it is a service: it stands by until it holds the
 * leader lock (PostgreSQL; none on SQLite), then runs every interval until SIGTERM. `--today`
 * then fixes the day of every run; `--from/--to` takes one day per run and exits after the last.
 * Losing the leadership ends the process at once (exit 3): its supervisor restarts it as a
 * standby. Configuration: `config.ts` (env), flags win; one clear line and exit 2 on bad input.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { acquireLeadership, openStoreAt } from '@duban/eventstore'
import { openEsdbEventStore } from '@duban/eventstore-esdb'
import { type Clock, SimulatedClock, systemClock } from '@duban/ledger'
import { ledgerDeps } from '@duban/runtime'
import type { SchedulerRun } from '@duban/scheduling'
import { openScheduler } from '@duban/scheduling'
import { loadChongqingUnits } from '@duban/units'
import pino from 'pino'
import { businessDays, morningOf } from './business-days'
import { ConfigError, loadSchedulerConfig, type SchedulerConfig } from './config'
import { dispatchAlongside } from './delivery'
import { SCHEDULER_LEADERSHIP, serveWhileLeading } from './service'

const EXIT_USAGE = 2
const EXIT_LEADERSHIP_LOST = 3

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string' },
      log: { type: 'string' },
      index: { type: 'string' },
      today: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      every: { type: 'string' },
    },
  })
  const config = loadSchedulerConfig(process.env, values)
  const days = businessDays(values)
  const logger = pino({ name: 'duban-scheduler', level: config.logLevel })
  const clock: Clock & Partial<Pick<SimulatedClock, 'advanceTo'>> =
    days.length > 0 ? new SimulatedClock(morningOf(days[0]!)) : systemClock
  const store = await openStoreAt(config.store, { logger, maxConnections: 8, openEsdb: openEsdbEventStore })
  const ledger = ledgerDeps(store, clock)
  // A new data directory (a fresh volume, the README's server set-up) is made, as the API does.
  if (config.indexFile !== ':memory:') mkdirSync(dirname(config.indexFile), { recursive: true })
  // With the unit directory: a merger or abolition passes the unit's assignments to its successor.
  const { scheduler, runner } = openScheduler({
    ledger,
    indexFile: config.indexFile,
    units: loadChongqingUnits(),
  })
  // A service without a day range runs on: on the system clock, or again and again on `--today`.
  const repeatLast = config.everyMs !== undefined && values.from === undefined
  let next = 0
  /** Runs the next day (or today again); false once the last given day has run. */
  const tick = async (report: (run: SchedulerRun) => void, announce: (day: string) => void) => {
    const day = days[next]
    if (day) {
      clock.advanceTo?.(morningOf(day))
      announce(day)
    }
    report(await scheduler.runOnce())
    next += 1
    return next < days.length || repeatLast
  }
  try {
    if (config.everyMs === undefined) {
      const print = (line: string) => process.stdout.write(`${line}\n`)
      let more = true
      while (more) {
        more = await tick(
          (run) => print(JSON.stringify(summary(run))),
          (day) => print(`running ${day}`),
        )
      }
    } else {
      await serve(config, config.everyMs, logger, store, () =>
        tick(
          (run) => logger.info(summary(run), 'ran'),
          (day) => logger.info({ day }, `running ${day}`),
        ),
      )
    }
  } finally {
    await runner.close()
    await store.close()
  }
}

async function serve(
  config: SchedulerConfig,
  everyMs: number,
  logger: pino.Logger,
  store: Parameters<typeof dispatchAlongside>[1],
  tick: () => Promise<boolean>,
): Promise<void> {
  const stop = new AbortController()
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping after the run in flight')
      stop.abort(new Error(`stopped by ${signal}`))
    })
  }
  const { lockUrl } = config
  const dispatching = dispatchAlongside(config, store, logger, stop.signal)
  if (lockUrl === undefined) logger.warn('no leader lock on a SQLite store: run one scheduler per log')
  const outcome = await serveWhileLeading({
    tick,
    everyMs,
    signal: stop.signal,
    logger,
    ...(lockUrl !== undefined && {
      lead: (signal: AbortSignal) =>
        acquireLeadership({
          connectionString: lockUrl,
          name: SCHEDULER_LEADERSHIP,
          retryIntervalMs: config.leaderRetryMs,
          checkIntervalMs: config.leaderCheckMs,
          signal,
          logger,
          onLost: (error) => {
            logger.fatal({ err: error }, 'leadership lost: exiting so that no second scheduler acts')
            process.exit(EXIT_LEADERSHIP_LOST)
          },
        }),
    }),
  })
  if (outcome === 'done') stop.abort(new Error('the last day has run'))
  await dispatching
  logger.info({ outcome }, 'scheduler service ends')
}

function summary(run: SchedulerRun) {
  const { today, obligationsOpened, reminders, notices, escalations, alreadyRecorded, refused } = run
  return {
    today,
    obligationsOpened,
    reminders,
    notices,
    escalations,
    alreadyRecorded,
    refused: refused.length,
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`duban-scheduler: ${error.message}\n`)
    process.exit(EXIT_USAGE)
  }
  process.stderr.write(
    `duban-scheduler: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})

/**
 * A plan's life on a simulated clock. Each business day: at 08:00 the production scheduler runs
 * (obligations, reminders, notices, escalations); at 10:00 the units act; at 15:00 the
 * supervision office. Everyone reacts to what the log says happened, through the production
 * deciders and `handleCommand`; only the clock and the people are simulated.
 */
import { readFileSync } from 'node:fs'
import { type Calendar, latestCalendar, startOfBusinessDay } from '@duban/calendar'
import { domainEvents, type policy } from '@duban/domain'
import { type EventStore, openMemoryEventStore } from '@duban/eventstore'
import {
  confirmPlans,
  type DistrictsAsOf,
  eventCodec,
  type LedgerDeps,
  planCommandsFromDraft,
  SimulatedClock,
  StateCache,
} from '@duban/ledger'
import { CHONGQING_2022_EXAMPLE, importPlans } from '@duban/plan-import'
import { eventDay } from '@duban/projections'
import { lightsAsOf, memoizedCalendar, openScheduler } from '@duban/scheduling'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import { Agenda } from './agenda'
import { People } from './people'
import { KeyedRandom } from './random'
import { count, emptyCounts, lightCounts, type SimulationSummary, unitSummaries } from './summary'

export interface SimulationOptions {
  /** First and last business dates, inclusive. The plans are confirmed on the first working day. */
  from: string
  to: string
  seed: number
  /** Stop before anything due after this instant (the demo stops at its "today"). */
  until?: Date
  /** Where the log goes; an in-memory store by default. */
  store?: EventStore
  /** Plan text to import; the two Chongqing example plans by default. */
  plansText?: string
  /** The units that 各区县政府 stands for on a date; the directory's district governments by default. */
  districtsAsOf?: DistrictsAsOf
  calendar?: Calendar
  /** The ladder new obligations are opened under; the current default by default. */
  ladder?: policy.EscalationPolicy
}

export interface Simulation {
  summary: SimulationSummary
  store: EventStore
}

export const SIM_OFFICE = { userId: 'sim-ducha', unitId: null, roles: ['supervision_office' as const] }

const HOUR = 3_600_000
const at = (day: string, hour: number) => new Date(startOfBusinessDay(day).getTime() + hour * HOUR)

export async function simulate(options: SimulationOptions): Promise<Simulation> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.from) || !/^\d{4}-\d{2}-\d{2}$/.test(options.to)) {
    throw new RangeError('from and to are business dates, YYYY-MM-DD')
  }
  if (options.from > options.to) throw new RangeError(`from ${options.from} is after to ${options.to}`)
  const calendar = memoizedCalendar(options.calendar ?? latestCalendar())
  const store = options.store ?? openMemoryEventStore()
  const clock = new SimulatedClock(at(options.from, 0))
  const ledger: LedgerDeps = { store, clock, codec: eventCodec(domainEvents), states: new StateCache(50_000) }
  const units = loadChongqingUnits()
  // With the directory, the scheduler passes a ceased unit's assignments to its successor.
  const { scheduler, runner } = openScheduler({
    ledger,
    indexFile: ':memory:',
    calendar,
    units,
    ...(options.ladder !== undefined && { ladder: options.ladder }),
  })
  const random = new KeyedRandom(options.seed)
  const agenda = new Agenda()
  const people = new People(ledger, agenda, random, calendar, options.to)
  const districtsAsOf: DistrictsAsOf =
    options.districtsAsOf ??
    ((date) => units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id))
  const confirmOn = calendar.isWorkingDay(options.from)
    ? options.from
    : calendar.addWorkingDays(options.from, 1)

  const draft = importPlans(options.plansText ?? readFileSync(CHONGQING_2022_EXAMPLE, 'utf8'))
  people.assignProfiles(
    planCommandsFromDraft(draft.plans, districtsAsOf).flatMap((plan) =>
      plan.tasks.flatMap((task) => task.assignments.map((a) => a.unitId)),
    ),
  )

  let seen = await store.headPosition()
  const observe = async () => {
    for (;;) {
      const batch = await store.readAll({ after: seen, limit: 5000 })
      if (batch.length === 0) return
      for (const event of batch) people.observe(event, eventDay(event))
      seen = batch.at(-1)!.position
    }
  }
  /** Moves the clock to an instant of the day, unless that is past `until`. */
  const reach = (instant: Date) => {
    if (options.until && instant > options.until) return false
    clock.advanceTo(instant)
    return true
  }

  let lastDay = options.from
  try {
    for (let day = options.from; day <= options.to; day = nextDay(day)) {
      people.startDay(day)
      if (day === confirmOn && reach(at(day, 7))) {
        await confirmPlans(ledger, {
          plans: draft.plans,
          districtsAsOf,
          actor: SIM_OFFICE,
          confirmationId: 'sim-confirmation',
          isWorkingDay: (date) => calendar.isWorkingDay(date),
        })
        await observe()
      }
      if (!reach(at(day, 8))) break
      lastDay = day
      await scheduler.runOnce()
      await observe()
      for (const [phase, hour] of [
        ['unit', 10],
        ['office', 15],
      ] as const) {
        const actions = agenda.take(day, phase)
        if (actions.length === 0) continue
        if (!reach(at(day, hour))) break
        for (const action of actions) await action.run()
        await observe()
      }
    }
    await runner.catchUp()
    const asOf = lastDay
    const counts = emptyCounts()
    for (let after = 0; ; ) {
      const batch = await store.readAll({ after, limit: 5000 })
      if (batch.length === 0) break
      for (const event of batch) count(counts, event)
      after = batch.at(-1)!.position
    }
    const lights = lightsAsOf(runner.db, asOf, scheduler.ladder, calendar)
    const summary: SimulationSummary = {
      from: options.from,
      to: options.to,
      seed: options.seed,
      asOf,
      ...counts,
      refusedCommands: people.refused,
      lights: {
        assignments: lightCounts(lights.assignments.map((a) => a.verdict)),
        tasks: lightCounts(lights.tasks.map((t) => t.verdict)),
      },
      units: unitSummaries(
        lights,
        (unitId) => units.periodAsOf(unitId, asOf)?.name ?? units.get(unitId)?.periods[0]?.name ?? unitId,
        (unitId) => people.profile(unitId),
      ),
    }
    return { summary, store }
  } finally {
    await runner.close()
  }
}

function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

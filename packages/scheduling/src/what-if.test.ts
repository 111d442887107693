/**
 * Replay and what-if on a real simulated ledger: the example plans lived under ladder-2022.1
 * (as the ledgers before ladder-2026.1 were), then replayed from the log's recorded facts.
 */
import { latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import { eventDay } from '@duban/projections'
import { simulate } from '@duban/simulation'
import t from 'tap'
import { whatIf } from './what-if'

t.setTimeout(600_000)
const calendar = latestCalendar()
const old = policy.escalationPolicy('ladder-2022.1')
const current = policy.escalationPolicy('ladder-2026.1')

const { store } = await simulate({ from: '2023-04-01', to: '2023-07-20', seed: 11, ladder: old })
t.teardown(() => store.close())
const events = await store.readAll({ after: 0, limit: 1_000_000 })

t.test('given a ledger recorded under ladder-2022.1, when replayed under its recorded ladder', async (t) => {
  const report = await whatIf(store, { calendar, asOf: '2023-07-20' })
  const recorded = events.filter(
    (e) => typeof (e.data as { stageId?: unknown }).stageId === 'string' && eventDay(e) <= '2023-07-20',
  )
  t.ok(report.recordedSteps > 1000, `a ledger with ladder steps (${report.recordedSteps})`)
  t.equal(report.recordedSteps, recorded.length, 'every step of the log was read')
  t.equal(report.replayedSteps, report.recordedSteps, 'as many steps replayed')
  t.same(report.units, [], 'and no step or light differs: the replay reproduces the log exactly')
})

t.test('given the same ledger, when replayed under ladder-2026.1 (what-if)', async (t) => {
  const report = await whatIf(store, { calendar, ladder: current, asOf: '2023-07-20' })
  const only = report.units.flatMap((u) => u.onlyReplayed)
  const gone = report.units.flatMap((u) => u.onlyRecorded)
  t.ok(only.length > 0 && gone.length > 0, `steps differ (${gone.length} recorded only, ${only.length} new)`)

  t.test('then every step it would take lands on a working day and names ladder-2026.1', async (t) => {
    t.same(
      only.filter((s) => !calendar.isWorkingDay(s.on)),
      [],
    )
    t.ok(only.every((s) => s.policyVersion === 'ladder-2026.1'))
  })

  t.test('then the recorded steps it drops include every one on a non-working day', async (t) => {
    const nonWorking = events.filter(
      (e) =>
        typeof (e.data as { stageId?: unknown }).stageId === 'string' &&
        eventDay(e) <= '2023-07-20' &&
        !calendar.isWorkingDay(eventDay(e)),
    )
    t.ok(nonWorking.length > 0, `the old ledger has steps on non-working days (${nonWorking.length})`)
    t.equal(gone.filter((s) => !calendar.isWorkingDay(s.on)).length, nonWorking.length)
  })

  t.test(
    'then "due soon", the same rule in both versions, differs only where a report held it',
    async (t) => {
      const reportsBefore = (streamId: string, on: string) =>
        events.some(
          (e) => e.streamId === streamId && e.type === 'ProgressReportSubmitted' && eventDay(e) < on,
        )
      const dueSoon = [...only, ...gone].filter((s) => s.stageId === 'due-soon')
      t.same(
        dueSoon.filter((s) => !reportsBefore(s.streamId, s.on)),
        [],
      )
    },
  )

  t.test(
    'then on a Saturday after a Friday due date the lights differ: red under 2022.1, not yet under 2026.1',
    async (t) => {
      // 2023-Q2 reports are due Friday 2023-07-07 (the 5th working day of July).
      const saturday = await whatIf(store, { calendar, ladder: current, asOf: '2023-07-08' })
      const changed = saturday.units.flatMap((u) => u.lights)
      t.ok(changed.length > 0, `${changed.length} assignments change light`)
      t.same(
        changed.filter((c) => c.recorded !== 'red' || c.replayed === 'red'),
        [],
        'each was red (overdue from the calendar day after) and is not yet red (overdue from Monday)',
      )
    },
  )
})

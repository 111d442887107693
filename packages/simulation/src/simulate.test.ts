import { openMemoryEventStore } from '@duban/eventstore'
import t from 'tap'
import { copyLog } from './copy-log'
import { simulate } from './simulate'

const range = { from: '2022-10-01', to: '2023-04-30' }
const lastHash = async (store: Awaited<ReturnType<typeof simulate>>['store']) =>
  (await store.readAll({ after: (await store.headPosition()) - 1, limit: 1 }))[0]?.hash

// Three simulations of seven months: minutes on a loaded machine.
t.setTimeout(600_000)

t.test('given the example plans simulated from 2022-10-01 to 2023-04-30 with seed 7', async (t) => {
  const first = await simulate({ ...range, seed: 7 })
  t.teardown(() => first.store.close())
  const { summary } = first

  t.test('when simulated again with the same seed, then the summary is the same', async (t) => {
    const again = await simulate({ ...range, seed: 7 })
    const [hash, firstHash] = [await lastHash(again.store), await lastHash(first.store)]
    await again.store.close()
    t.same(again.summary, summary)
    t.ok(hash !== undefined && hash === firstHash, 'and the very same log, event for event (the head hash)')
  })

  t.test('when simulated with another seed, then units behave differently', async (t) => {
    const other = await simulate({ ...range, seed: 8 })
    await other.store.close()
    t.notSame(other.summary.units, summary.units)
    t.equal(other.summary.assignments, summary.assignments, 'on the same plans')
  })

  t.test(
    'then the workflow ran through the production path: reports, reviews, the whole ladder',
    async (t) => {
      t.equal(summary.plans, 2)
      t.ok(summary.assignments > 2000, `${summary.assignments} assignments (every task × bound unit)`)
      t.ok(summary.reports.accepted > 0 && summary.reports.returned > 0)
      t.ok(summary.reminders.dueSoon > 0 && summary.reminders.overdue > 0)
      t.ok(summary.notices.issued > summary.notices.answered, 'silent units leave notices unanswered')
      t.ok(summary.escalations > 0)
      t.ok(summary.extensions.requested > 0)
      t.equal(summary.refusedCommands, 0, 'no simulated command was refused')
    },
  )

  t.test('then every silent unit is red, and its light says which rule and which obligation', async (t) => {
    const silent = summary.units.filter((u) => u.profile === 'silent')
    t.ok(silent.length >= 1)
    for (const unit of silent) {
      t.equal(unit.red, unit.assignments, `${unit.unitId} red on every assignment`)
      t.match(unit.worst, { light: 'red', because: /逾期|提级/ })
    }
  })

  t.test(
    'when the simulated log is copied into another store, then it arrives whole and in order',
    async (t) => {
      const target = openMemoryEventStore()
      t.teardown(() => target.close())
      const copied = await copyLog(first.store, target, { batchSize: 777 })
      t.equal(copied, summary.events)
      const [a, b] = await Promise.all([
        first.store.readAll({ after: 0, limit: 100_000 }),
        target.readAll({ after: 0, limit: 100_000 }),
      ])
      t.same(
        b.map((e) => e.hash),
        a.map((e) => e.hash),
        'the same hash chain',
      )
    },
  )
})

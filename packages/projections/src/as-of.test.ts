import t from 'tap'
import { positionAtEndOfDay } from './log-days'
import { ProjectionRunner } from './runner'
import { eventsPerTypeTable, exampleProjections, streamVersionsTable } from './testing/example-projections'
import { openStore, scratch } from './testing/fixture'
import { seedStore } from './testing/synthetic-log'

const path = await scratch(t.teardown)
const store = openStore(path('log.db'))
t.teardown(() => store.close())
await seedStore(store, 5000)

// The state a reader saw when the live projection stood at a position: a version's end is not
// yet known then, so only the key, values and start of each current version are compared.
const visible = (rows: Record<string, unknown>[]) =>
  rows.map(({ valid_to_position: _to, valid_to_at: _toAt, ...rest }) => rest)

t.test('asOf(position) equals the live state the projection had at that position', async (t) => {
  const runner = ProjectionRunner.open(path('model.db'), {
    store,
    projections: exampleProjections,
    batchSize: 313,
    eventsPerCommit: 313,
  })
  const snapshots = new Map<number, { versions: unknown[]; counts: unknown[]; day: string }>()
  await runner.catchUp({
    onProgress: ({ position }) => {
      const day = runner.db.prepare('SELECT max(day) AS day FROM log_days').pluck().get() as string
      snapshots.set(position, {
        versions: visible(streamVersionsTable.current(runner.db)),
        counts: visible(eventsPerTypeTable.current(runner.db)),
        day,
      })
    },
  })
  t.equal(snapshots.size, Math.ceil(5000 / 313))
  for (const [position, snapshot] of snapshots) {
    t.same(
      visible(streamVersionsTable.asOf(runner.db, position)),
      snapshot.versions,
      `stream versions at ${position}`,
    )
    t.same(
      visible(eventsPerTypeTable.asOf(runner.db, position)),
      snapshot.counts,
      `events per type at ${position}`,
    )
  }
  await runner.close()
})

t.test('as of a business date: the end of that Shanghai day', async (t) => {
  const runner = ProjectionRunner.open(path('dates.db'), { store, projections: exampleProjections })
  await runner.catchUp()
  // Event i is recorded at 2022-09-20T00:00Z + 37 min × i (synthetic log): 08:00 in Shanghai.
  const firstOf21st = Math.ceil((16 * 60 + 24 * 60) / 37) // 2022-09-21T16:00Z = 22nd, 00:00 Shanghai
  const position = positionAtEndOfDay(runner.db, '2022-09-21')
  t.equal(position, firstOf21st, 'the last event recorded before midnight, Shanghai time')
  const readAtPosition = await store.readAll({ after: position - 1, limit: 2 })
  t.ok(readAtPosition[0]!.metadata.recordedAt < '2022-09-21T16:00:00.000Z')
  t.ok(readAtPosition[1]!.metadata.recordedAt >= '2022-09-21T16:00:00.000Z')
  const total = (rows: Record<string, unknown>[]) => rows.reduce((sum, row) => sum + Number(row['count']), 0)
  t.equal(
    total(eventsPerTypeTable.asOf(runner.db, position)),
    position,
    'the counts as they stood that night',
  )
  await runner.close()
})

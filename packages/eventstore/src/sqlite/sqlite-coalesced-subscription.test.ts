import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { testedEvent } from '../testing/tested-events'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-coalesce-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(directory, `coalesce-${++files}.db`)

/** A subscription that puts its reads off for a minute: only `current()` makes it read sooner. */
async function following(file: string) {
  const store = openSqliteEventStore({ file, pollIntervalMs: 60_000 })
  const batches: number[][] = []
  let caughtUp!: () => void
  const firstCatchUp = new Promise<void>((resolve) => {
    caughtUp = resolve
  })
  const subscription = store.subscribe({
    coalesceMs: 60_000,
    handle: (batch) => {
      batches.push(batch.map((e) => e.position))
    },
    onCaughtUp: () => caughtUp(),
  })
  await firstCatchUp
  return { store, subscription, batches }
}

t.test(
  'given commits announced while a read is put off, when current() is asked, then they are handled at once as one batch',
  async (t) => {
    const { store, subscription, batches } = await following(freshFile())
    t.teardown(() => store.close())
    for (const id of ['a', 'b', 'c'])
      await store.append(`s-${id}`, [testedEvent(id)], { expectedVersion: 'no_stream' })
    // Three commits, each acknowledged durable: none handled yet, the read is put off.
    await new Promise((resolve) => setTimeout(resolve, 20))
    t.same(batches, [])
    await subscription.current!()
    t.same(batches, [[1, 2, 3]], 'all three commits in one batch')
  },
)

t.test('given nothing announced since the last read, current() resolves without a read', async (t) => {
  const { store, subscription, batches } = await following(freshFile())
  t.teardown(() => store.close())
  await subscription.current!()
  t.same(batches, [])
  await store.append('s', [testedEvent('x')], { expectedVersion: 'no_stream' })
  await subscription.current!()
  await subscription.current!()
  t.same(batches, [[1]])
})

t.test(
  'a subscription stopped with a read put off: current() resolves, nothing more is handled',
  async (t) => {
    const { store, subscription, batches } = await following(freshFile())
    t.teardown(() => store.close())
    await store.append('s', [testedEvent('y')], { expectedVersion: 'no_stream' })
    await subscription.stop()
    await subscription.current!()
    t.same(batches, [])
  },
)

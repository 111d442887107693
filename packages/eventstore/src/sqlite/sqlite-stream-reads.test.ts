/**
 * The store remembers how far each stream it read or wrote goes, so reading past that end asks
 * SQLite nothing; another connection's commit must still be seen.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { testedEvent, testedEvents } from '../testing/tested-events'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-reads-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(directory, `reads-${++files}.db`)
const turn = () => new Promise((resolve) => setImmediate(resolve))

t.test(
  'given a stream read to its end, when this store appends to it, then the next read has the append',
  async (t) => {
    const store = openSqliteEventStore({ file: freshFile() })
    t.teardown(() => store.close())
    await store.append('s', [testedEvent('a-1')], { expectedVersion: 'no_stream' })
    t.equal((await store.readStream('s')).length, 1)
    t.same(await store.readStream('s', { afterVersion: 1 }), [], 'nothing past its end')

    const appended = store.append('s', [testedEvent('a-2')], { expectedVersion: 1 })
    await turn()
    // Committed, its sync perhaps not yet done: a stream read shows it as before.
    const meanwhile = await store.readStream('s', { afterVersion: 1 })
    await appended
    const after = await store.readStream('s', { afterVersion: 1 })
    t.same(
      after.map((event) => event.streamVersion),
      [2],
    )
    t.ok(meanwhile.length <= 1)
    t.same(await store.readStream('s', { afterVersion: 2 }), [])
  },
)

t.test(
  'given a stream read to its end, when another connection appends to it, then a read in a later turn has it',
  async (t) => {
    const file = freshFile()
    const store = openSqliteEventStore({ file })
    t.teardown(() => store.close())
    await store.append('s', [testedEvent('b-1')], { expectedVersion: 'no_stream' })
    t.same(await store.readStream('s', { afterVersion: 1 }), [], 'known to end at 1')
    t.same(await store.readStream('t', { afterVersion: 0 }), [], 'known to be empty')

    const other = openSqliteEventStore({ file })
    await other.append('s', [testedEvent('b-2')], { expectedVersion: 1 })
    await other.append('t', [testedEvent('b-3')], { expectedVersion: 'no_stream' })
    await other.close()
    await turn()

    t.same(
      (await store.readStream('s', { afterVersion: 1 })).map((event) => event.data),
      [{ commandId: 'b-2' }],
      "the other process's append to s",
    )
    t.equal((await store.readStream('t', { afterVersion: 0 })).length, 1, 'and its new stream t')
    // This store appends on top of what the other wrote: the version it checks is the stored one.
    const next = await store.append('s', [testedEvent('b-4')], { expectedVersion: 2 })
    t.equal(next.nextVersion, 3)
  },
)

t.test('a read bounded below the end does not make the store think the stream ends there', async (t) => {
  const store = openSqliteEventStore({ file: freshFile() })
  t.teardown(() => store.close())
  await store.append('s', testedEvents('c-1', 3), { expectedVersion: 'no_stream' })
  t.equal((await store.readStream('s', { toVersion: 1 })).length, 1)
  t.same(
    (await store.readStream('s', { afterVersion: 1 })).map((event) => event.streamVersion),
    [2, 3],
  )
})

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { StoreUnavailableError } from '../errors'
import { testedEvent } from '../testing/tested-events'
import { verifyLog } from '../verify'
import { openSqliteEventStore } from './sqlite-store'
import type { SyncFile } from './wal-sync'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-walsync-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(directory, `walsync-${++files}.db`)

/** A WAL sync the test releases by hand: each requested sync waits in `held`. */
function heldSyncs() {
  const held: ((error: NodeJS.ErrnoException | null) => void)[] = []
  const sync: SyncFile = (_fd, done) => {
    held.push(done)
  }
  return { sync, held }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** Settles when the promise does; `settled()` says whether it has by now. */
function watch<T>(promise: Promise<T>) {
  let settled = false
  void promise.then(
    () => {
      settled = true
    },
    () => {
      settled = true
    },
  )
  return { settled: () => settled }
}

t.test('an append is acknowledged after the WAL sync; log reads in the process wait for it', async (t) => {
  const { sync, held } = heldSyncs()
  const store = openSqliteEventStore({ file: freshFile(), syncWal: sync })
  const appended = store.append('s', [testedEvent('c-1')], { expectedVersion: 'no_stream' })
  const watched = watch(appended)
  await turn()
  await turn()
  t.equal(held.length, 1, 'the commit asked for one sync')
  t.notOk(watched.settled(), 'not acknowledged before the sync')
  t.same(await store.readAll({ after: 0, limit: 10 }), [], 'readAll does not show the unsynced commit')
  t.equal(await store.headPosition(), 0)

  held.shift()!(null)
  const result = await appended
  t.equal(result.nextVersion, 1)
  t.equal((await store.readAll({ after: 0, limit: 10 })).length, 1, 'visible once synced')
  t.equal(await store.headPosition(), 1)

  // Commits made while a sync runs share the next one.
  const second = store.append('s', [testedEvent('c-2')], { expectedVersion: 1 })
  await turn()
  await turn()
  t.equal(held.length, 1)
  const third = store.append('t', [testedEvent('c-3')], { expectedVersion: 'no_stream' })
  const fourth = store.append('u', [testedEvent('c-4')], { expectedVersion: 'no_stream' })
  await turn()
  await turn()
  t.equal(held.length, 1, 'no second sync while one runs')
  held.shift()!(null)
  await second
  await turn()
  t.equal(held.length, 1, 'the commits made meanwhile get one sync together')
  held.shift()!(null)
  t.match(await Promise.all([third, fourth]), [{ nextVersion: 1 }, { nextVersion: 1 }])

  // close waits for a sync still running.
  const last = store.append('s', [testedEvent('c-5')], { expectedVersion: 2 })
  const closed = store.close()
  const closing = watch(closed)
  await turn()
  await turn()
  t.notOk(closing.settled(), 'close waits for the sync')
  held.shift()!(null)
  await last
  // Then it stops the checkpoint thread, which takes a few turns more.
  await closed
})

t.test('a failed sync: the appends it covered are refused as unavailable, later ones go on', async (t) => {
  let fail = true
  const sync: SyncFile = (_fd, done) =>
    setImmediate(() =>
      done(fail ? Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }) : null),
    )
  const file = freshFile()
  const store = openSqliteEventStore({ file, syncWal: sync })
  t.teardown(() => store.close())
  await t.rejects(
    store.append('s', [testedEvent('c-1')], { expectedVersion: 'no_stream' }),
    StoreUnavailableError,
    'not acknowledged: its durability is unknown',
  )
  fail = false
  // The command id makes the retry safe: the commit did land, and its retry is a duplicate.
  const retried = await store.append('s', [testedEvent('c-1')], { expectedVersion: 'no_stream' })
  t.equal(retried.duplicate, true)
  await store.append('s', [testedEvent('c-2')], { expectedVersion: 1 })
  t.match(await verifyLog(store), { ok: true, events: 2 })
})

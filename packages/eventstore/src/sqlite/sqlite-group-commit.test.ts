import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import type { RecordedEvent } from '../contract'
import { InvalidAppendError, WrongExpectedVersionError } from '../errors'
import { testedEvent } from '../testing/tested-events'
import { verifyLog } from '../verify'
import { SCHEMA_VERSION } from './schema'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-group-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(directory, `group-${++files}.db`)

t.test('a failing append in a batch rejects only itself', async (t) => {
  const store = openSqliteEventStore({ file: freshFile() })
  t.teardown(() => store.close())
  await store.append('taken', [testedEvent('seed')], { expectedVersion: 'no_stream' })
  await store.append('explicit', [testedEvent('explicit-1', { eventId: 'event-fixed' })], {
    expectedVersion: 'any',
  })

  const good = Array.from({ length: 200 }, (_, i) =>
    store.append(`stream-${i}`, [testedEvent(`good-${i}`)], { expectedVersion: 'no_stream' }),
  )
  const wrongVersion = store.append('taken', [testedEvent('late')], { expectedVersion: 'no_stream' })
  // Passes the in-memory checks, fails on the explicit event id already in the log.
  const reusedEventId = store.append('explicit', [testedEvent('explicit-2', { eventId: 'event-fixed' })], {
    expectedVersion: 'any',
  })
  const sameStreamTwice = [
    store.append('shared', [testedEvent('shared-1')], { expectedVersion: 'no_stream' }),
    store.append('shared', [testedEvent('shared-2')], { expectedVersion: 1 }),
    store.append('shared', [testedEvent('shared-3')], { expectedVersion: 1 }),
  ]

  const written = await Promise.all(good)
  t.same(
    written.map((result) => result.nextVersion),
    written.map(() => 1),
    'the 200 good appends commit',
  )
  await t.rejects(wrongVersion, WrongExpectedVersionError)
  await t.rejects(reusedEventId, InvalidAppendError)
  const [first, second, third] = await Promise.allSettled(sameStreamTwice)
  t.match(first, { status: 'fulfilled', value: { nextVersion: 1 } })
  t.match(
    second,
    { status: 'fulfilled', value: { nextVersion: 2 } },
    'sees the version the first append left',
  )
  t.match(third, { status: 'rejected', reason: { actual: 2 } })

  const positions = written.flatMap((result) => result.events.map((e: RecordedEvent) => e.position))
  t.ok(
    positions.every((position, i) => i === 0 || position === positions[i - 1]! + 1),
    'batched appends take consecutive positions in request order',
  )
  t.match(await verifyLog(store), { ok: true, events: 2 + 200 + 2 })
})

t.test('close commits appends still queued', async (t) => {
  const file = freshFile()
  const store = openSqliteEventStore({ file })
  const pending = store.append('queued', [testedEvent('queued-1')], { expectedVersion: 'no_stream' })
  await store.close()
  t.match(await pending, { nextVersion: 1 })
  await t.rejects(store.append('queued', [testedEvent('queued-2')], { expectedVersion: 1 }), /closed/)

  const reopened = openSqliteEventStore({ file })
  t.teardown(() => reopened.close())
  t.equal((await reopened.readStream('queued')).length, 1, 'the queued append is on disk')
})

t.test('the file is durable, in WAL mode and at the current schema version', async (t) => {
  const file = freshFile()
  const store = openSqliteEventStore({ file })
  await store.saveCheckpoint('projector', 42)
  await store.close()
  const reopened = openSqliteEventStore({ file })
  t.equal(await reopened.loadCheckpoint('projector'), 42, 'checkpoints persist and reopening keeps data')
  await reopened.close()
  const raw = new BetterSqlite3(file, { readonly: true })
  t.teardown(() => raw.close())
  t.equal(raw.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION)
})

t.test('two stores on one file: versions checked across connections, appends seen by polling', async (t) => {
  const file = freshFile()
  const writer = openSqliteEventStore({ file })
  const other = openSqliteEventStore({ file, pollIntervalMs: 20 })
  t.teardown(async () => {
    await writer.close()
    await other.close()
  })
  await writer.append('contested', [testedEvent('w-1')], { expectedVersion: 'no_stream' })
  await t.rejects(
    other.append('contested', [testedEvent('o-1')], { expectedVersion: 'no_stream' }),
    new WrongExpectedVersionError('contested', 'no_stream', 1),
    'the second connection sees the first one’s version',
  )
  const duplicate = await other.append('contested', [testedEvent('w-1')], { expectedVersion: 'no_stream' })
  t.equal(duplicate.duplicate, true, 'and its command ids')
  await other.append('contested', [testedEvent('o-2')], { expectedVersion: 1 })
  t.match(await verifyLog(writer), { ok: true, events: 2 }, 'the chain continues across connections')

  const received: string[] = []
  let sawIt!: () => void
  const seen = new Promise<void>((resolve) => {
    sawIt = resolve
  })
  const subscription = other.subscribe({
    after: await other.headPosition(),
    handle(batch) {
      received.push(...batch.map((e) => e.metadata.commandId))
      sawIt()
    },
  })
  await writer.append('contested', [testedEvent('w-3')], { expectedVersion: 2 })
  await seen
  await subscription.stop()
  t.same(received, ['w-3'], 'an append through another connection reaches the subscription')
})

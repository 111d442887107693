/**
 * The global order never skips an event committed late. A transaction that drew a lower
 * position stays open while a later append commits; the subscriber must not move past the
 * lower position before it commits, and then gets both, in position order.
 */

import pg from 'pg'
import t from 'tap'
import type { EventMetadata, EventStore, RecordedEvent } from '../contract'
import { startCatchUpSubscription } from '../subscription'
import { verifyLog } from '../verify'
import { openPostgresEventStore } from './postgres-store'
import { startTestPostgres } from './testing'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const metadata = (commandId: string): EventMetadata => ({
  actor: 'user:test',
  unit: null,
  commandId,
  correlationId: commandId,
  causationId: commandId,
  recordedAt: '2024-03-01T08:00:00.000Z',
})
const event = (commandId: string) => ({
  type: 'Noted',
  schemaVersion: 1,
  data: {},
  metadata: metadata(commandId),
})

t.test('a lower position committed after a higher one is not skipped', async (t) => {
  const url = await server.createDatabase()
  const store = await openPostgresEventStore({ connectionString: url })
  const late = new pg.Client({ connectionString: url })
  await late.connect()
  t.teardown(async () => {
    await late.end()
    await store.close()
  })
  await store.append('plan-1', [event('c1')], { expectedVersion: 'no_stream' })
  const head = await store.headPosition()

  // A subscriber over the store's own reads, counting them so the test knows when it has looked.
  const received: RecordedEvent[] = []
  let reads = 0
  const subscription = startCatchUpSubscription(
    {
      readAll: async (options) => {
        const batch = await store.readAll(options)
        reads += 1
        return batch
      },
      loadCheckpoint: store.loadCheckpoint,
      saveCheckpoint: store.saveCheckpoint,
      onAppended: () => () => undefined,
      pollIntervalMs: 5,
    },
    { after: head, handle: (batch) => void received.push(...batch) },
  )
  t.teardown(() => subscription.stop())

  // Given a writer that took its transaction id, then a position, and has not committed:
  await late.query('BEGIN')
  await late.query('SELECT pg_current_xact_id()')
  const { rows } = await late.query<{ position: string }>("SELECT nextval('event_positions') AS position")
  const lowerPosition = Number(rows[0]!.position)
  await late.query(
    `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
     VALUES ($1, 'late-event', 'task-late', 1, 'Noted', 1, '{}', $2, 'late', 'late')`,
    [lowerPosition, JSON.stringify(metadata('late'))],
  )

  // When a later append commits first,
  const committed = await store.append('plan-2', [event('c2')], { expectedVersion: 'no_stream' })
  const higherPosition = committed.events[0]!.position
  t.ok(higherPosition > lowerPosition, 'the committed append holds the higher position')

  // then neither reads nor the subscriber go past the open transaction's position.
  t.same(await store.readAll({ after: head, limit: 10 }), [], 'readAll holds back the later event')
  t.equal(await store.headPosition(), head, 'the head stays below the open transaction')
  const readsBefore = reads
  while (reads < readsBefore + 3) await new Promise((resolve) => setImmediate(resolve))
  t.same(received, [], 'the subscriber, having read again, has delivered nothing yet')

  // Once the lower position commits, the subscriber gets both, lower first.
  await late.query('COMMIT')
  while (!received.some((e) => e.position === higherPosition))
    await new Promise((resolve) => setImmediate(resolve))
  await subscription.stop()
  t.same(
    received.map((e) => e.position),
    [lowerPosition, higherPosition],
    'every event once, in position order: none skipped',
  )
})

t.test('two stores on one database, as two processes, keep one hash chain', async (t) => {
  const url = await server.createDatabase()
  const stores: EventStore[] = [
    await openPostgresEventStore({ connectionString: url }),
    await openPostgresEventStore({ connectionString: url }),
  ]
  t.teardown(() => Promise.all(stores.map((store) => store.close())))

  // When both append at once, to distinct streams and to one shared stream,
  const appends = Array.from({ length: 200 }, (_, i) =>
    stores[i % 2]!.append(`assignment-${i}`, [event(`a-${i}`), event(`a-${i}`)], {
      expectedVersion: 'no_stream',
    }),
  )
  const shared = Array.from({ length: 20 }, (_, i) =>
    stores[i % 2]!.append('task-shared', [event(`s-${i}`)], { expectedVersion: 'any' }),
  )
  await Promise.all([...appends, ...shared])

  // then the log is one valid chain holding every event once, and the shared stream is dense.
  const result = await verifyLog(stores[0]!)
  t.match(result, { ok: true, events: 420, streams: 201 })
  t.same(
    (await stores[1]!.readStream('task-shared')).map((e) => e.streamVersion),
    Array.from({ length: 20 }, (_, i) => i + 1),
  )
})

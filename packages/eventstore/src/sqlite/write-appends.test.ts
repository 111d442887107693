import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import { InvalidAppendError } from '../errors'
import { eventIdFor } from '../event-id'
import { testedEvents } from '../testing/tested-events'
import { verifyLog } from '../verify'
import { openSqliteEventStore } from './sqlite-store'
import { EVENTS_PER_INSERT } from './statements'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-write-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))

t.test('an append longer than one insert statement writes every event, in order', async (t) => {
  const file = join(directory, 'long.db')
  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  // Two full statements and a shorter last one, after an append that moved the head.
  const count = 2 * EVENTS_PER_INSERT + 3
  await store.append('before', testedEvents('first', 1), { expectedVersion: 'no_stream' })
  const appended = testedEvents('long', count)
  const explicitIndex = EVENTS_PER_INSERT + 1
  appended[explicitIndex]!.eventId = 'copied-id'
  const result = await store.append('long', appended, { expectedVersion: 'no_stream' })

  t.equal(result.nextVersion, count)
  const read = await store.readStream('long')
  t.same(
    read.map((event) => [event.position, event.streamVersion, (event.data as { index: number }).index]),
    Array.from({ length: count }, (_, index) => [index + 2, index + 1, index]),
    'positions, versions and data in the order given',
  )
  t.same(read, result.events, 'the append returns what a read returns')
  t.equal(read[0]!.eventId, eventIdFor('long', 0))
  t.equal(read[explicitIndex]!.eventId, 'copied-id')
  t.match(await verifyLog(store), { ok: true, events: count + 1 })

  await t.rejects(
    store.append('other', [{ ...testedEvents('other', 1)[0]!, eventId: 'copied-id' }], {
      expectedVersion: 'no_stream',
    }),
    InvalidAppendError,
    'the explicit id from the middle of the long append is taken',
  )
  const db = new BetterSqlite3(file, { readonly: true })
  t.teardown(() => db.close())
  t.same(db.prepare('SELECT event_id, position FROM explicit_event_ids').all(), [
    { event_id: 'copied-id', position: explicitIndex + 2 },
  ])
})

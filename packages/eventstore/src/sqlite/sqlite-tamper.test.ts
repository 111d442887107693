import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import t, { type Test } from 'tap'
import type { EventStore } from '../contract'
import { chainHash } from '../hash-chain'
import { verifyLog } from '../verify'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-tamper-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0

/** A closed file of 12 events over 3 streams (positions 1–12), as a tamperer would find it. */
async function writtenLog(): Promise<string> {
  const file = join(directory, `tamper-${++files}.db`)
  const store = openSqliteEventStore({ file })
  for (let i = 0; i < 12; i++) {
    const commandId = `tamper-${i}`
    const metadata = {
      actor: 'user:clerk',
      unit: 'unit-1',
      commandId,
      correlationId: commandId,
      causationId: commandId,
      recordedAt: '2023-05-04T02:00:00.000Z',
    }
    await store.append(
      `stream-${i % 3}`,
      [{ type: 'ActualRecorded', schemaVersion: 1, data: { value: i }, metadata }],
      {
        expectedVersion: 'any',
      },
    )
  }
  await store.close()
  return file
}

async function tamperAndVerify(t: Test, tamper: string) {
  const file = await writtenLog()
  const raw = new BetterSqlite3(file)
  raw.exec(tamper)
  raw.close()
  const store: EventStore = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  return verifyLog(store, { batchSize: 5 })
}

t.test('an untouched log verifies', async (t) => {
  const store = openSqliteEventStore({ file: await writtenLog() })
  t.teardown(() => store.close())
  t.match(await verifyLog(store), { ok: true, events: 12, streams: 3 })
})

t.test('altered data is found at the altered event', async (t) => {
  const result = await tamperAndVerify(t, `UPDATE events SET data = '{"value":1000}' WHERE position = 7`)
  t.match(result, { ok: false, position: 7, streamId: 'stream-0', problem: /altered/ })
})

t.test('altered metadata is found', async (t) => {
  const result = await tamperAndVerify(
    t,
    `UPDATE events SET metadata = replace(metadata, 'user:clerk', 'user:boss') WHERE position = 4`,
  )
  t.match(result, { ok: false, position: 4, problem: /altered/ })
})

t.test('an altered type is found', async (t) => {
  const result = await tamperAndVerify(t, `UPDATE events SET type = 'ActualWithdrawn' WHERE position = 12`)
  t.match(result, { ok: false, position: 12, problem: /altered/ })
})

t.test('a removed event is found at the event after it', async (t) => {
  const result = await tamperAndVerify(t, 'DELETE FROM events WHERE position = 5')
  t.match(result, { ok: false, position: 6, problem: /removed/ })
})

t.test('reordered events are found where the order breaks', async (t) => {
  const result = await tamperAndVerify(
    t,
    `UPDATE events SET position = -1 WHERE position = 8;
     UPDATE events SET position = 8 WHERE position = 9;
     UPDATE events SET position = 9 WHERE position = -1;`,
  )
  t.match(result, { ok: false, position: 8, problem: /reordered/ })
})

t.test('a rehashed alteration still breaks the link after it', async (t) => {
  const file = await writtenLog()
  const raw = new BetterSqlite3(file)
  // A tamperer who recomputes the altered event's own hash but not the rest of the chain.
  const row = raw.prepare('SELECT * FROM events WHERE position = 3').get() as Record<string, string | number>
  const hash = chainHash(String(row['prev_hash']), {
    eventId: String(row['event_id']),
    streamId: String(row['stream_id']),
    streamVersion: Number(row['stream_version']),
    type: String(row['type']),
    schemaVersion: Number(row['schema_version']),
    dataJson: '{"value":-1}',
    metadataJson: String(row['metadata']),
  })
  raw.prepare(`UPDATE events SET data = '{"value":-1}', hash = ? WHERE position = 3`).run(hash)
  raw.close()
  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  t.match(await verifyLog(store), { ok: false, position: 4 })
})

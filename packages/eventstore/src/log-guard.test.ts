/**
 * The log checks itself against its anchor: a closed SQLite file is altered or cut short the way
 * someone with the file would, then opened again behind the guard.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import t, { type Test } from 'tap'
import { anchorFileOf, fileAnchorStore, parseAnchor } from './anchor'
import { LogIntegrityError } from './errors'
import { openLogGuard } from './log-guard'
import { openSqliteEventStore } from './sqlite/sqlite-store'
import { verifyLog } from './verify'

const directory = await mkdtemp(join(tmpdir(), 'duban-log-guard-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0

const event = (i: number) => {
  const commandId = `guard-${i}`
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

/** 12 events written through the guard, which anchors the head on close. */
async function guardedLog(): Promise<string> {
  const file = join(directory, `guard-${++files}.db`)
  const store = openSqliteEventStore({ file })
  const guard = await openLogGuard(store, fileAnchorStore(anchorFileOf(file)))
  for (let i = 0; i < 12; i++)
    await guard.store.append(`stream-${i % 3}`, event(i), { expectedVersion: 'any' })
  await guard.close()
  await store.close()
  return file
}

function tamper(file: string, sql: string) {
  const raw = new BetterSqlite3(file)
  raw.exec(sql)
  raw.close()
}

async function reopen(t: Test, file: string) {
  const store = openSqliteEventStore({ file })
  const guard = await openLogGuard(store, fileAnchorStore(anchorFileOf(file)))
  t.teardown(async () => {
    await guard.close()
    await store.close()
  })
  await guard.fullCheck
  return guard
}

t.test('an intact log: the anchor follows the head, appends go on', async (t) => {
  const file = await guardedLog()
  t.ok(existsSync(anchorFileOf(file)), 'an anchor file beside the log')
  const anchor = parseAnchor(readFileSync(anchorFileOf(file), 'utf8'), 'anchor')
  t.equal(anchor.position, 12, 'anchored at the head')
  const guard = await reopen(t, file)
  t.match(guard.status(), { integrity: 'ok', anchor: { position: 12 } })
  t.equal((await guard.store.append('stream-0', event(12), { expectedVersion: 'any' })).nextVersion, 5)
})

t.test('events cut from the end: detected against the anchor, appends refused', async (t) => {
  const file = await guardedLog()
  tamper(file, 'DELETE FROM events WHERE position > 9')
  const plain = openSqliteEventStore({ file })
  t.match(await verifyLog(plain), { ok: true }, 'the chain alone looks intact')
  await plain.close()
  const guard = await reopen(t, file)
  t.match(guard.status(), {
    integrity: 'broken',
    broken: { position: 12, problem: /removed/ },
  })
  await t.rejects(guard.store.append('stream-0', event(99), { expectedVersion: 'any' }), LogIntegrityError)
  t.equal((await guard.store.readAll({ after: 0, limit: 100 })).length, 9, 'reads go on')
})

t.test('an event altered before the anchor: found by the background walk', async (t) => {
  const file = await guardedLog()
  tamper(file, `UPDATE events SET data = '{"value":99}' WHERE position = 4`)
  const guard = await reopen(t, file)
  t.match(guard.status(), { integrity: 'broken', broken: { position: 4, problem: /altered/ } })
  await t.rejects(guard.store.append('stream-0', event(99), { expectedVersion: 'any' }), LogIntegrityError)
  t.equal(await guard.store.headPosition(), 12, 'nothing appended')
})

t.test('the anchored event itself replaced: found by the quick check', async (t) => {
  const file = await guardedLog()
  tamper(file, `UPDATE events SET data = '{"value":99}' WHERE position = 12`)
  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  const guard = await openLogGuard(store, fileAnchorStore(anchorFileOf(file)), { fullCheck: false })
  t.match(guard.status(), { integrity: 'broken', broken: { position: 12 } })
})

t.test('only the new part is walked at start', async (t) => {
  const file = await guardedLog()
  // Altered before the anchor: the quick check alone does not walk there.
  tamper(file, `UPDATE events SET data = '{"value":99}' WHERE position = 2`)
  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  const guard = await openLogGuard(store, fileAnchorStore(anchorFileOf(file)), { fullCheck: false })
  t.match(guard.status(), { integrity: 'ok' })
  await guard.close()
})

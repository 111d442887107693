/**
 * Version conflicts: a command without an expected version is decided again on the fresh state
 * (it asked for no version, so it never fails with one); a command with one gets the conflict.
 * Two store objects over one SQLite file stand for two processes racing on a stream.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Decider } from '@duban/domain'
import { openSqliteEventStore, verifyLog, WrongExpectedVersionError } from '@duban/eventstore'
import t, { type Test } from 'tap'
import { fixedClock } from './clock'
import { eventCodec } from './event-codec'
import { handleCommand, type LedgerDeps } from './handle-command'

type Noted = { type: 'Noted'; data: { text: string } }
const notes: Decider<string[], { text: string }, Noted> = {
  initialState: () => [],
  evolve: (state, event) => [...state, event.data.text],
  decide: (command) => [{ type: 'Noted', data: { text: command.text } }],
}
const codec = eventCodec({
  schemaVersionOf: () => 1,
  decode: (type, _version, data) => ({ type, data }),
})
const actor = { userId: 'u1', unitId: null, roles: [] }

function twoProcesses(t: Test): [LedgerDeps, LedgerDeps] {
  const directory = mkdtempSync(path.join(tmpdir(), 'duban-conflict-'))
  const file = path.join(directory, 'ledger.sqlite')
  const stores = [openSqliteEventStore({ file }), openSqliteEventStore({ file })]
  t.teardown(async () => {
    for (const store of stores) await store.close()
    rmSync(directory, { recursive: true, force: true })
  })
  const clock = fixedClock('2023-06-15T02:00:00Z')
  return [
    { store: stores[0]!, clock, codec },
    { store: stores[1]!, clock, codec },
  ]
}

t.test('without an expected version: 100 racing commands from two processes all land', async (t) => {
  const [one, two] = twoProcesses(t)
  const sends = Array.from({ length: 100 }, (_, i) =>
    handleCommand(i % 2 ? one : two, notes, { streamId: 'notes-1', command: { text: `n${i}` }, actor }),
  )
  const results = await Promise.allSettled(sends)
  t.same(
    results.filter((result) => result.status === 'rejected'),
    [],
    'no command failed',
  )
  const stream = await one.store.readStream('notes-1')
  t.equal(stream.length, 100, 'every command wrote its event')
  t.same(new Set(stream.map((event) => (event.data as { text: string }).text)).size, 100, 'each once')
  t.match(await verifyLog(one.store), { ok: true, events: 100 })
})

t.test('with an expected version: the loser gets the conflict and writes nothing', async (t) => {
  const [one, two] = twoProcesses(t)
  await handleCommand(one, notes, { streamId: 'notes-1', command: { text: 'first' }, actor })
  const results = await Promise.allSettled([
    handleCommand(one, notes, { streamId: 'notes-1', command: { text: 'a' }, actor, expectedVersion: 1 }),
    handleCommand(two, notes, { streamId: 'notes-1', command: { text: 'b' }, actor, expectedVersion: 1 }),
  ])
  const rejected = results.filter((result) => result.status === 'rejected')
  t.equal(rejected.length, 1, 'exactly one conflict')
  t.type((rejected[0] as PromiseRejectedResult).reason, WrongExpectedVersionError)
  t.equal((await one.store.readStream('notes-1')).length, 2)
})

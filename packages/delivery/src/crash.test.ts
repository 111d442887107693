/**
 * kill -9 of the dispatcher mid-batch, then a restart (SQLite), and a leader killed with a
 * standby taking over (PostgreSQL, leader lock): every due message reaches the robot, none is
 * lost, and a message arrives twice only if it was in flight at the kill — with the same id.
 */
import path from 'node:path'
import { openPostgresEventStore, openSqliteEventStore } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import t, { type Test } from 'tap'
import {
  deliveredEvents,
  LEDGER_NOW,
  receipts,
  type Scenario,
  seedCrashScenario,
} from './testing/crash-scenario'
import { DispatcherChild, until } from './testing/dispatcher-child'

const IN_FLIGHT_AT_MOST = 4 // the child's concurrency: one message per channel worker

async function judge(t: Test, scenario: Scenario, killedAt: number, delivered: string[]) {
  const expected = await scenario.expected()
  const got = receipts(scenario.robots)
  t.equal(expected.size, 150)
  t.same([...got.keys()].sort(), [...expected].sort(), 'every due message reached the robot, nothing else')
  const duplicates = [...got.entries()].filter(([, r]) => r.count > 1)
  t.ok(
    duplicates.length <= IN_FLIGHT_AT_MOST,
    `${duplicates.length} duplicate(s), at most the messages in flight`,
  )
  for (const [id, r] of duplicates) {
    t.equal(r.count, 2, `${id} twice at most`)
    t.ok(r.first <= killedAt, `${id} was first received before the kill (in flight then)`)
  }
  t.equal(delivered.length, 150, 'one MessageDelivered per delivery id in the log')
  t.equal(new Set(delivered).size, 150)
}

t.test('SQLite: kill -9 mid-batch, restart, nothing lost', async (t) => {
  const dir = t.testdir()
  const file = path.join(dir, 'log.sqlite')
  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  const scenario = await seedCrashScenario(store)
  t.teardown(() => scenario.robots.close())
  const config = {
    store: `sqlite:${file}`,
    indexFile: path.join(dir, 'delivery.sqlite'),
    ledgerNow: LEDGER_NOW,
    keyHex: scenario.keyHex,
  }
  const first = new DispatcherChild(config)
  await until(() => scenario.robots.messages.length >= 40, 'the first 40 messages')
  first.kill('SIGKILL')
  const killedAt = Date.now()
  t.equal((await first.exited).signal, 'SIGKILL')
  const atKill = scenario.robots.messages.length
  t.ok(atKill < 150, `killed mid-batch (${atKill} of 150 received)`)
  const second = new DispatcherChild(config)
  t.teardown(() => second.kill('SIGKILL'))
  const expected = await scenario.expected()
  await until(() => [...expected].every((id) => receipts(scenario.robots).has(id)), 'every message')
  await until(() => second.lines.filter((l) => l.msg === 'tick').length >= 3, 'a few idle ticks')
  second.kill('SIGTERM')
  await second.exited
  await judge(t, scenario, killedAt, await deliveredEvents(store))
})

t.test('PostgreSQL: two dispatchers, the leader killed mid-batch, the standby finishes', async (t) => {
  const server = await startTestPostgres()
  t.teardown(() => server.stop())
  const url = await server.createDatabase('delivery_failover')
  const store = await openPostgresEventStore({ connectionString: url })
  t.teardown(() => store.close())
  const scenario = await seedCrashScenario(store)
  t.teardown(() => scenario.robots.close())
  const dir = t.testdir()
  const common = { store: url, ledgerNow: LEDGER_NOW, keyHex: scenario.keyHex, leaderLockUrl: url }
  const a = new DispatcherChild({ ...common, indexFile: path.join(dir, 'a.sqlite') })
  t.teardown(() => a.kill('SIGKILL'))
  await until(() => a.has('leading'), 'a leads')
  const b = new DispatcherChild({ ...common, indexFile: path.join(dir, 'b.sqlite') })
  t.teardown(() => b.kill('SIGKILL'))
  await until(() => scenario.robots.messages.length >= 40, 'the first 40 messages')
  t.notOk(b.has('leading'), 'the standby waits while a leads')
  a.kill('SIGKILL')
  const killedAt = Date.now()
  await a.exited
  t.ok(scenario.robots.messages.length < 150, 'killed mid-batch')
  await until(() => b.has('leading'), 'b takes over')
  const expected = await scenario.expected()
  await until(() => [...expected].every((id) => receipts(scenario.robots).has(id)), 'every message')
  await until(() => b.lines.filter((l) => l.msg === 'tick').length >= 3, 'a few ticks')
  b.kill('SIGTERM')
  await b.exited
  await judge(t, scenario, killedAt, await deliveredEvents(store))
})

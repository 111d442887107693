/**
 * Two scheduler services (real child processes) on one real PostgreSQL log, one leader lock:
 * only one acts; the active one is killed with SIGKILL in the middle of its work; the standby
 * takes over and finishes. The log then holds every step that was due exactly once, on the same
 * business dates as a clean day-by-day run of one scheduler.
 */
import { join } from 'node:path'
import { type EventStore, leaderLockKey, openPostgresEventStore } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { openScheduler } from '@duban/scheduling'
import { duplicates, type LadderRow, schedulerWrites } from '@duban/scheduling/testing/ladder-log'
import {
  days,
  ledgerOn,
  morningOf,
  openLedger,
  seedSmallPlan,
  tempDir,
} from '@duban/scheduling/testing/small-plan'
import pg from 'pg'
import t from 'tap'
import { SCHEDULER_LEADERSHIP } from './service'
import { SchedulerProcess } from './testing/scheduler-process'

const UNITS = Array.from({ length: 40 }, (_, i) => `u${i + 1}`)
const FROM = '2023-06-01'
const TO = '2023-10-20'
const ENV = { DUBAN_LEADER_RETRY: '50ms', DUBAN_LEADER_CHECK: '500ms', LOG_LEVEL: 'info' }

const key = (row: LadderRow) => `${row.stream} ${row.type} ${row.id} ${row.on}`
const sorted = (rows: LadderRow[]) => rows.map(key).sort()

const server = await startTestPostgres()
t.teardown(() => server.stop())

/** What one scheduler, never interrupted, writes day by day over the period (on SQLite). */
async function cleanRun(): Promise<LadderRow[]> {
  const tmp = tempDir()
  const { ledger, clock } = openLedger(join(tmp.dir, 'log.sqlite'))
  try {
    await seedSmallPlan(ledger, { assignedOn: FROM, units: UNITS })
    const { scheduler, runner } = openScheduler({ ledger, indexFile: join(tmp.dir, 'index.sqlite') })
    for (const day of days(FROM, TO)) {
      clock.advanceTo(morningOf(day))
      await scheduler.runOnce()
    }
    runner.close()
    return await schedulerWrites(ledger.store)
  } finally {
    await ledger.store.close()
    tmp.cleanup()
  }
}

async function seededDatabase(): Promise<{ url: string; store: EventStore }> {
  const url = await server.createDatabase('scheduler_failover')
  const store = await openPostgresEventStore({ connectionString: url })
  await seedSmallPlan(ledgerOn(store).ledger, { assignedOn: FROM, units: UNITS })
  return { url, store }
}

async function lockHolders(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const [classId, objectId] = leaderLockKey(SCHEDULER_LEADERSHIP)
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
         AND classid = $1::int8::oid AND objid = $2::int8::oid AND objsubid = 2`,
      [classId, objectId],
    )
    return rows.map((row) => row.pid)
  } finally {
    await client.end()
  }
}

function startPair(url: string, args: string[]): [SchedulerProcess, SchedulerProcess] {
  const tmp = tempDir()
  t.teardown(tmp.cleanup)
  const start = (name: string) =>
    new SchedulerProcess(['--store', url, '--index', join(tmp.dir, `${name}.sqlite`), ...args], ENV)
  return [start('a'), start('b')]
}

const expected = await cleanRun()

t.test('given 40 units that never report, a clean run writes the ladder for two quarters', async (t) => {
  const types = new Set(expected.map((row) => row.type))
  t.ok(expected.length > 40 * 8, 'it writes more than eight steps per unit')
  for (const type of ['ObligationOpened', 'ReminderSent', 'SupervisionNoticeIssued', 'EscalatedToLeadership'])
    t.ok(types.has(type), `it holds ${type}`)
})

t.test(
  'given two scheduler services walking 2023-06-01 → 10-20 on one PostgreSQL, when the leader is killed on its busiest day',
  async (t) => {
    const { url, store } = await seededDatabase()
    t.teardown(() => store.close())
    const [a, b] = startPair(url, ['--from', FROM, '--to', TO, '--every', '10ms'])
    t.teardown(() => {
      a.kill('SIGKILL')
      b.kill('SIGKILL')
    })
    const leading = await Promise.race([a, b].map((p) => p.waitFor((l) => l.msg === 'leading')))
    const [leader, standby] = a.has('leading') ? [a, b] : [b, a]
    await standby.waitFor((line) => line.msg === 'standing by for the leadership')
    await leader.waitFor((line) => line.msg === 'running 2023-10-12')
    t.same(await lockHolders(url), [leading.backendPid], 'then one process holds the lock')
    t.notOk(standby.has('leading'), 'then the other stands by')

    leader.kill('SIGKILL')
    t.equal((await leader.exited).signal, 'SIGKILL', 'then the leader is gone')
    const writtenByLeader = (await schedulerWrites(store)).length

    await standby.waitFor((line) => line.msg === 'leading')
    t.same(await standby.exited, { code: 0, signal: null }, 'then the standby takes over and finishes')
    t.ok(standby.has(`running ${TO}`), 'then the standby ran the last day')

    const writes = await schedulerWrites(store)
    t.ok(writtenByLeader < writes.length, 'then the standby wrote what the killed leader had not')
    t.same(duplicates(writes), [], 'then no reminder, notice or escalation is written twice')
    t.same(sorted(writes), sorted(expected), 'then every due step is written, on its business date')
  },
)

t.test(
  'given two scheduler services on a fixed day with everything due, when the leader is killed mid-run',
  async (t) => {
    const { url, store } = await seededDatabase()
    t.teardown(() => store.close())
    const [a, b] = startPair(url, ['--today', TO, '--every', '100ms'])
    t.teardown(() => {
      a.kill('SIGKILL')
      b.kill('SIGKILL')
    })
    await Promise.race([a, b].map((p) => p.waitFor((l) => l.msg === 'leading')))
    const [leader, standby] = a.has('leading') ? [a, b] : [b, a]
    await standby.waitFor((line) => line.msg === 'standing by for the leadership')

    // Kill the leader as soon as its catch-up has written something, long before it is done.
    while ((await schedulerWrites(store)).length === 0) await new Promise((r) => setTimeout(r, 10))
    leader.kill('SIGKILL')
    await leader.exited
    t.notOk(leader.has('ran'), 'then the leader was killed before its run ended')
    const writtenByLeader = (await schedulerWrites(store)).length

    await standby.waitFor((line) => line.msg === 'leading')
    const ran = await standby.waitFor((line) => line.msg === 'ran')
    t.ok(
      Number(ran.reminders) + Number(ran.notices) + Number(ran.escalations) > 0,
      'then the standby wrote the rest',
    )
    await standby.waitFor((line) => line.msg === 'ran' && line !== ran)
    standby.kill('SIGTERM')
    t.same(await standby.exited, { code: 0, signal: null }, 'then SIGTERM stops the standby cleanly')
    t.same(await lockHolders(url), [], 'then the lock is released')

    const writes = await schedulerWrites(store)
    t.ok(writtenByLeader < writes.length, 'then the standby wrote what the killed leader had not')
    t.same(duplicates(writes), [], 'then no reminder, notice or escalation is written twice')
    // Every step of the clean run on its business date, but the escalations: a notice first
    // issued by this catch-up gets its full answer window from today, so none is due yet.
    const dueByThen = expected.filter((row) => row.type !== 'EscalatedToLeadership')
    t.equal(expected.length - dueByThen.length, 80, 'the 2 quarters × 40 escalations wait for their windows')
    t.same(sorted(writes), sorted(dueByThen), 'then the catch-up wrote every due step, on its business date')
  },
)

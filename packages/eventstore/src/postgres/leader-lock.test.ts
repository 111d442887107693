/**
 * The leader lock on a real PostgreSQL: of two contenders only one leads; the standby takes over
 * when the leader releases, when the server drops the leader's connection, and when the leader's
 * process is killed with SIGKILL.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { entryArgs } from '@duban/testing'
import pg from 'pg'
import t from 'tap'
import { acquireLeadership, type Leadership, leaderLockKey } from './leader-lock'
import { startTestPostgres } from './testing'

const server = await startTestPostgres()
const url = await server.createDatabase('leader_lock')
const admin = new pg.Pool({ connectionString: url, max: 2 })
// node-postgres emits an idle client's error on its pool, and a pool nobody listens to crashes
// the process: the pool ends before the server stops, and listens all the same.
admin.on('error', () => undefined)
t.teardown(async () => {
  await admin.end()
  await server.stop()
})

const FAST = { retryIntervalMs: 20, checkIntervalMs: 50 }

/** Backends holding the named lock, from the server's own lock table. */
async function holders(name: string): Promise<number[]> {
  const [classId, objectId] = leaderLockKey(name)
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND classid = $1::int8::oid AND objid = $2::int8::oid AND objsubid = 2`,
    [classId, objectId],
  )
  return rows.map((row) => row.pid)
}

/** Resolves once a standby (any backend but `leaderPid`) has been refused the lock at least once. */
async function standbyRefused(name: string, leaderPid: number): Promise<void> {
  for (;;) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND pid <> $2
         AND state = 'idle' AND query LIKE 'SELECT pg_try_advisory_lock%'`,
      [`duban-leader:${name}`, leaderPid],
    )
    if (rows.length > 0) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function settled<T>(promise: Promise<T>): () => boolean {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  return () => done
}

t.test('given two contenders for one leadership', async (t) => {
  const first = await acquireLeadership({ connectionString: url, name: 'two', ...FAST })
  const second = acquireLeadership({ connectionString: url, name: 'two', ...FAST })
  const secondSettled = settled(second)
  t.teardown(async () => {
    await first.release()
    await (await second).release()
  })
  await standbyRefused('two', first.backendPid)

  t.same(await holders('two'), [first.backendPid], 'then only the first holds the lock')
  t.notOk(secondSettled(), 'then the second, refused, still stands by')

  const other = await acquireLeadership({ connectionString: url, name: 'another', ...FAST })
  t.ok(other, 'then a leadership of another name is free')
  await other.release()

  await first.release()
  const takeover = await second
  t.same(await holders('two'), [takeover.backendPid], 'when the leader releases, then the standby leads')
  t.notOk(first.lost, 'then a release is not a loss')
})

t.test('given a leader and a standby, when the server terminates the leader’s connection', async (t) => {
  const lost: Error[] = []
  const leader = await acquireLeadership({
    connectionString: url,
    name: 'terminated',
    onLost: (error) => lost.push(error),
    ...FAST,
  })
  const standby = acquireLeadership({ connectionString: url, name: 'terminated', ...FAST })
  await standbyRefused('terminated', leader.backendPid)

  await admin.query('SELECT pg_terminate_backend($1)', [leader.backendPid])
  const takeover = await standby
  t.teardown(() => takeover.release())

  t.same(await holders('terminated'), [takeover.backendPid], 'then the standby leads')
  while (!leader.lost) await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal(lost.length, 1, 'then the old leader is told once that it lost the leadership')
  await leader.release()
})

t.test('given a leader process and a standby, when the leader is killed with SIGKILL', async (t) => {
  const child = spawn(
    process.execPath,
    [...entryArgs(new URL('./leader-holder.ts', import.meta.url)), url, 'killed'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  t.teardown(() => child.kill('SIGKILL'))
  child.stdout.setEncoding('utf8')
  let out = ''
  while (!/leading (\d+)/.test(out)) out += (await once(child.stdout, 'data'))[0]
  const childPid = Number(/leading (\d+)/.exec(out)![1])

  const standby = acquireLeadership({ connectionString: url, name: 'killed', ...FAST })
  await standbyRefused('killed', childPid)
  t.same(await holders('killed'), [childPid], 'then the child process leads')

  child.kill('SIGKILL')
  const takeover = await standby
  t.teardown(() => takeover.release())
  t.same(await holders('killed'), [takeover.backendPid], 'then the standby takes over')
})

t.test('given a leadership taken from a pool', async (t) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  // As any pool's owner must: node-postgres emits an error of a client it holds on the pool, and
  // the terminated connection's error can arrive after the leadership gave the client back.
  pool.on('error', () => undefined)
  t.teardown(() => pool.end())
  const lost: Error[] = []
  const leader: Leadership = await acquireLeadership({
    pool,
    name: 'pooled',
    onLost: (error) => lost.push(error),
    ...FAST,
  })
  t.same(await holders('pooled'), [leader.backendPid], 'then its connection holds the lock')

  await admin.query('SELECT pg_terminate_backend($1)', [leader.backendPid])
  while (!leader.lost) await new Promise((resolve) => setTimeout(resolve, 20))
  await leader.release()
  t.equal(lost.length, 1, 'when that connection is terminated, then the loss is reported once')

  const again = await acquireLeadership({ pool, name: 'pooled', ...FAST })
  t.same(await holders('pooled'), [again.backendPid], 'then the pool still serves a new contender')
  await again.release()
  t.same(await holders('pooled'), [], 'then a release frees the lock')
})

t.test('given a standby, when its signal aborts', async (t) => {
  const leader = await acquireLeadership({ connectionString: url, name: 'aborted', ...FAST })
  t.teardown(() => leader.release())
  const controller = new AbortController()
  const standby = acquireLeadership({
    connectionString: url,
    name: 'aborted',
    signal: controller.signal,
    ...FAST,
  })
  await standbyRefused('aborted', leader.backendPid)
  controller.abort(new Error('shutting down'))
  await t.rejects(standby, /shutting down/, 'then it stops contending with the reason')
  // The backend leaves pg_stat_activity as it exits, just after the client's socket closed.
  const standbyBackends = async () =>
    (
      await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'duban-leader:aborted' AND pid <> $1`,
        [leader.backendPid],
      )
    ).rowCount
  while ((await standbyBackends()) !== 0) await new Promise((resolve) => setTimeout(resolve, 20))
  t.pass('then its connection is closed')
})

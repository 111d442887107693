/**
 * Scaled mode, end to end, with real processes: one real PostgreSQL; two API processes and two
 * scheduler services (leader lock) as child processes on it. A token issued by one API works on
 * the other; reports go in through both; the schedulers walk 2023-06 → 10 day by day and the
 * leader is SIGKILLed on its busiest day, one API process too. Then every ladder step is in the
 * log exactly once, a report written through one API shows in the other's views once it has
 * caught up, and every API's read models equal a fresh rebuild from the PostgreSQL log.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiProcess } from '@duban/api/testing/api-process'
import { latestCalendar, startOfBusinessDay } from '@duban/calendar'
import { assignmentStreamId, domainEvents } from '@duban/domain'
import { type EventStore, openSqliteEventStore, parseStoreUrl } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import {
  type Clock,
  confirmPlans,
  eventCodec,
  fixedClock,
  type LedgerDeps,
  SimulatedClock,
  StateCache,
} from '@duban/ledger'
import { importPlans } from '@duban/plan-import'
import { ReadModels } from '@duban/read-models'
import { openLedgerAt } from '@duban/runtime'
import { SchedulerProcess } from '@duban/scheduler/testing/scheduler-process'
import { openScheduler } from '@duban/scheduling'
import { duplicates, type LadderRow, schedulerWrites } from '@duban/scheduling/testing/ladder-log'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'

t.setTimeout(300_000)

/** Two tasks: the lead, co-units and (carried) every district government — 87 assignments. */
const PLAN_TEXT = `重庆市人民政府办公厅
2023年5月20日

重庆市外贸主体培育行动计划
(2023—2024年)
一、工作任务
(一)培育外贸主体。
1.壮大外贸企业队伍。每年开展10场以上外贸主体培育活动。(责任单位:市商务委、市发展改革委、市经济信息委,各区县(自治县)政府和两江新区、西部科学城重庆高新区、万盛经开区管委会(以下统称区县政府);以下均需各区县政府负责,不再列出)
2.拓展跨境电商。到2024年,跨境电商交易额突破500亿元。(责任单位:市商务委、重庆海关)
`
const FROM = '2023-06-01'
const TO = '2023-10-20'
/** The 2023-Q3 reports fall due: the day with most to write. */
const BUSIEST = '2023-10-12'
const PASSWORD = 'scale-out pass phrase'
const USERS = [
  {
    id: 'admin',
    displayName: '系统管理员',
    unitId: 'cq-zhengfubangongting',
    roles: ['administrator' as const],
  },
  {
    id: 'ducha',
    displayName: '赵敏',
    unitId: 'cq-zhengfubangongting',
    roles: ['supervision_officer' as const],
  },
  { id: 'swz-tianbao', displayName: '张晓梅', unitId: 'cq-shangwuwei', roles: ['unit_reporter' as const] },
  { id: 'hg-tianbao', displayName: '周海', unitId: 'cq-haiguan', roles: ['unit_reporter' as const] },
]
const SCHEDULER_ENV = { DUBAN_LEADER_RETRY: '50ms', DUBAN_LEADER_CHECK: '500ms', LOG_LEVEL: 'info' }

const units = loadChongqingUnits()
const calendar = latestCalendar()
const draft = importPlans(PLAN_TEXT)
const planId = draft.plans[0]!.id
const [task1, task2] = [`${planId}.t1`, `${planId}.t2`]
const morningOf = (day: string) => new Date(startOfBusinessDay(day).getTime() + 8 * 3_600_000)

const scratch = mkdtempSync(join(tmpdir(), 'duban-scale-out-'))
t.teardown(() => rmSync(scratch, { recursive: true, force: true }))

const ledgerOn = (store: EventStore, clock: Clock): LedgerDeps => ({
  store,
  clock,
  codec: eventCodec(domainEvents),
  states: new StateCache(),
})

/** The plan confirmed on 2023-06-01, as the office would through the drafts endpoints. */
async function confirmPlan(ledger: LedgerDeps): Promise<void> {
  await confirmPlans(ledger, {
    plans: draft.plans,
    districtsAsOf: (date) => units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id),
    actor: { userId: 'ducha', unitId: 'cq-zhengfubangongting', roles: ['supervision_office'] },
    confirmationId: 'scale-out',
    isWorkingDay: (date) => calendar.isWorkingDay(date),
  })
}

const seedClock = fixedClock('2023-06-01T02:00:00Z')

/** What one scheduler, never interrupted, writes day by day over the period (on SQLite). */
async function cleanRun(): Promise<LadderRow[]> {
  const store = openSqliteEventStore({ file: join(scratch, 'clean.sqlite') })
  try {
    await confirmPlan(ledgerOn(store, seedClock))
    const clock = new SimulatedClock(morningOf(FROM).toISOString())
    const { scheduler, runner } = openScheduler({
      ledger: ledgerOn(store, clock),
      indexFile: join(scratch, 'clean-index.sqlite'),
    })
    for (let day = new Date(`${FROM}T00:00:00Z`); day.toISOString() <= `${TO}T`; ) {
      clock.advanceTo(morningOf(day.toISOString().slice(0, 10)))
      await scheduler.runOnce()
      day.setUTCDate(day.getUTCDate() + 1)
    }
    await runner.close()
    return await schedulerWrites(store)
  } finally {
    await store.close()
  }
}

/** Every table of a read-model file, rows sorted; the checkpoints' wall-clock column left out. */
function dumpReadModels(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
    return Object.fromEntries(
      tables.map((table) => {
        const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[])
          .filter((column) => !(table === 'projection_state' && column === 'updated_at'))
          .map((column) => `"${column}"`)
          .join(', ')
        return [table, db.prepare(`SELECT ${columns} FROM "${table}" ORDER BY ${columns}`).all()]
      }),
    )
  } finally {
    db.close()
  }
}

const key = (row: LadderRow) => `${row.stream} ${row.type} ${row.id} ${row.on}`
const expected = (await cleanRun()).map(key).sort()

// Given one PostgreSQL holding the confirmed plan and three user accounts.
const postgres = await startTestPostgres()
t.teardown(() => postgres.stop())
const storeUrl = await postgres.createDatabase('scale_out')
const seeded = await openLedgerAt(
  { dataDir: join(scratch, 'seed'), store: parseStoreUrl(storeUrl) },
  seedClock,
)
t.teardown(() => seeded.close())
const { store } = seeded
await confirmPlan(seeded.ledger)
for (const user of USERS) await seeded.users.createUser({ ...user, password: PASSWORD })

const apiEnv = (name: string) => ({ DUBAN_STORE_URL: storeUrl, DUBAN_DATA_DIR: join(scratch, name) })
const startApi = (name: string) => {
  const api = new ApiProcess(apiEnv(name))
  t.teardown(() => api.kill('SIGKILL'))
  return api
}

interface Reply {
  status: number
  body: Record<string, unknown>
}

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

async function signIn(base: string, userId: string): Promise<string> {
  const reply = await call(base, 'POST', '/auth/token', undefined, { userId, password: PASSWORD })
  if (reply.status !== 201)
    throw new Error(`sign-in of ${userId}: ${reply.status} ${JSON.stringify(reply.body)}`)
  return String(reply.body.token)
}

/** A command, retried (same idempotency key) while a scheduler's append to the same stream wins the race. */
async function command(base: string, token: string, path: string, body: unknown): Promise<Reply> {
  const idempotencyKey = randomUUID()
  for (;;) {
    const reply = await call(base, 'POST', path, token, body, idempotencyKey)
    if (!String(reply.body.type).endsWith('version-conflict')) return reply
  }
}

interface Health {
  store: { kind: string; headPosition: number }
  readModels: { position: number; lag: number }
}

/** Waits until the API's read models have reached `position` and are behind the log by nothing. */
async function caughtUp(base: string, position: number): Promise<Health> {
  for (;;) {
    const health = (await call(base, 'GET', '/health/ready')).body as unknown as Health
    if (health.readModels.lag === 0 && health.readModels.position >= position) return health
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function reportPosition(streamId: string, reportId: string): Promise<number> {
  const events = await store.readStream(streamId)
  const report = events.find(
    (event) =>
      event.type === 'ProgressReportSubmitted' && (event.data as { reportId: string }).reportId === reportId,
  )
  if (!report) throw new Error(`no report ${reportId} in ${streamId}`)
  return report.position
}

async function reportsInHistory(base: string, token: string, taskId: string, unitId: string) {
  const reply = await call(base, 'GET', `/views/tasks/${taskId}/history?unit=${unitId}&limit=1000`, token)
  const entries = reply.body.entries as { type: string; data: { reportId?: string } }[]
  return entries
    .filter((entry) => entry.type === 'ProgressReportSubmitted')
    .map((entry) => entry.data.reportId)
}

t.test('given two API processes and two scheduler services on one PostgreSQL', async (t) => {
  const api1 = startApi('api1')
  const api2 = startApi('api2')
  const [url1, url2] = await Promise.all([api1.url, api2.url])
  const schedulers = ['a', 'b'].map((name) => {
    const scheduler = new SchedulerProcess(
      [
        '--store',
        storeUrl,
        '--index',
        join(scratch, `${name}.sqlite`),
        '--from',
        FROM,
        '--to',
        TO,
        '--every',
        '10ms',
      ],
      SCHEDULER_ENV,
    )
    t.teardown(() => scheduler.kill('SIGKILL'))
    return scheduler
  }) as [SchedulerProcess, SchedulerProcess]

  const health = (await call(url2, 'GET', '/health/ready')).body as unknown as Health
  t.equal(health.store.kind, 'postgres', 'then /health names the store')

  // The leader is killed on its busiest day while the API work below goes on.
  const failover = (async () => {
    await Promise.race(schedulers.map((p) => p.waitFor((line) => line.msg === 'leading')))
    const [leader, standby] = schedulers[0].has('leading') ? schedulers : [schedulers[1], schedulers[0]]
    await standby.waitFor((line) => line.msg === 'standing by for the leadership')
    await leader.waitFor((line) => line.msg === `running ${BUSIEST}`)
    leader.kill('SIGKILL')
    return {
      leader,
      standby,
      leaderExit: await leader.exited,
      writtenByLeader: (await schedulerWrites(store)).length,
    }
  })()

  t.test('when the office signs in on API 1, then its token works on API 2', async (t) => {
    const token = await signIn(url1, 'ducha')
    const me = await call(url2, 'GET', '/auth/me', token)
    t.equal(me.status, 200)
    t.equal(me.body.id, 'ducha')
    t.equal((await call(url2, 'GET', '/auth/me', 'a-token-nobody-issued-at-all')).status, 401)
  })

  const office = await signIn(url2, 'ducha')
  const shangwu = await signIn(url2, 'swz-tianbao')
  const haiguan = await signIn(url1, 'hg-tianbao')
  const shangwuStream = assignmentStreamId(task1, 'cq-shangwuwei')
  const haiguanStream = assignmentStreamId(task2, 'cq-haiguan')

  t.test('when units report through both APIs, each with a token the other API issued', async (t) => {
    const base1 = `/tasks/${task1}/assignments/cq-shangwuwei`
    t.equal((await command(url1, shangwu, `${base1}/acknowledge`, {})).status, 200)
    const first = await command(url1, shangwu, `${base1}/reports`, {
      reportId: 'r-api1',
      narrative: '本季度开展外贸主体培育活动3场。',
    })
    t.equal(first.status, 201, 'then API 1 takes the report')
    const base2 = `/tasks/${task2}/assignments/cq-haiguan`
    t.equal((await command(url2, haiguan, `${base2}/acknowledge`, {})).status, 200)
    const second = await command(url2, haiguan, `${base2}/reports`, {
      reportId: 'r-api2',
      narrative: '跨境电商交易额同比增长12%。',
    })
    t.equal(second.status, 201, 'then API 2 takes the report')

    await caughtUp(url2, await reportPosition(shangwuStream, 'r-api1'))
    t.same(
      await reportsInHistory(url2, office, task1, 'cq-shangwuwei'),
      ['r-api1'],
      'then the report made through API 1 is in API 2’s views once it has caught up',
    )
    await caughtUp(url1, await reportPosition(haiguanStream, 'r-api2'))
    t.same(await reportsInHistory(url1, office, task2, 'cq-haiguan'), ['r-api2'], 'and the other way round')
  })

  t.test('when API 2 is killed, then API 1 goes on taking reports', async (t) => {
    api2.kill('SIGKILL')
    t.equal((await api2.exited).signal, 'SIGKILL')
    const reply = await command(url1, haiguan, `/tasks/${task2}/assignments/cq-haiguan/reports`, {
      reportId: 'r-after-kill',
      narrative: '补充报送。',
    })
    t.equal(reply.status, 201)
    await caughtUp(url1, await reportPosition(haiguanStream, 'r-after-kill'))
    t.same(await reportsInHistory(url1, office, task2, 'cq-haiguan'), ['r-api2', 'r-after-kill'])
  })

  const { leader, standby, leaderExit, writtenByLeader } = await failover

  t.test('when the leading scheduler is killed on its busiest day, then the standby finishes', async (t) => {
    t.equal(leaderExit.signal, 'SIGKILL')
    t.notOk(leader.has(`running ${TO}`), 'then the leader never reached the last day')
    t.same(await standby.exited, { code: 0, signal: null }, 'then the standby took over and ran to the end')
    t.ok(standby.has('leading') && standby.has(`running ${TO}`))
    const writes = await schedulerWrites(store)
    t.ok(writtenByLeader > 0, 'then the leader had written before it was killed')
    t.ok(writtenByLeader < writes.length, 'then the standby wrote what the killed leader had not')
    t.same(duplicates(writes), [], 'then every (obligation, ladder stage) is in the log once, no more')
    t.same(
      writes.map(key).sort(),
      expected,
      'then every step is there, on its business date, as in a clean run',
    )
  })

  t.test('when every process has caught up with the log', async (t) => {
    const head = await store.headPosition()
    const rebuilt = join(scratch, 'rebuilt.sqlite')
    const models = new ReadModels({ file: rebuilt, store, workingDays: calendar, today: () => TO })
    await models.catchUp()
    await models.close()
    const fresh = dumpReadModels(rebuilt)
    t.ok((fresh.rm_obligations ?? []).length >= 87, 'then the rebuild holds the obligations')

    const compare = async (t: Test, api: ApiProcess, name: string) => {
      const health = await caughtUp(await api.url, head)
      t.equal(health.readModels.position, head, `then ${name} stands at the log's head`)
      api.kill('SIGTERM')
      t.same(await api.exited, { code: 0, signal: null }, `then ${name} stops cleanly`)
      const live = dumpReadModels(join(scratch, name, 'readmodels.sqlite'))
      t.same(Object.keys(live), Object.keys(fresh), 'then it has the same tables')
      for (const table of Object.keys(fresh))
        t.same(live[table], fresh[table], `then ${table} equals the rebuild's`)
    }
    t.test('then the surviving API’s read models equal a fresh rebuild from PostgreSQL', (t) =>
      compare(t, api1, 'api1'),
    )
    t.test('then API 2, restarted after its SIGKILL, resumes and equals the rebuild too', (t) =>
      compare(t, startApi('api2'), 'api2'),
    )
  })
})

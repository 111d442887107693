/**
 * 每日预热 (plugins/standings-warmer.ts) through the real server: when the ledger's clock crosses
 * midnight in Asia/Shanghai, the server makes the new date's standings in the background, so the
 * first dashboard and on-time ranking of the day make none — and answer exactly as a server that
 * made them all on the request. A write that lands while the warm runs shows in the next view; a
 * server shedding load, or starting (walking its log's chain), leaves the warm waiting; closing
 * stops a warm under way.
 *
 * Given one simulated ledger copied into two servers on real SQLite files with the same clock:
 * the warmed one, looking at the date every 20 ms, and a reference that never warms a new date
 * (looking once an hour), whose first views of a day make every standing on the request.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { openSqliteEventStore } from '@duban/eventstore'
import type { Clock } from '@duban/ledger'
import { copyLog, simulate } from '@duban/simulation'
import t from 'tap'
import { actingAs } from './testing/acting-as'
import { startTestServer, type TestServer } from './testing/test-server'

t.setTimeout(300_000)

// 23:00 in Shanghai on 2023-01-20: the business date turns at 16:00 UTC.
let now = new Date('2023-01-20T15:00:00Z')
const clock: Clock = { now: () => now }
const nextDay = () => {
  now = new Date(now.getTime() + 24 * 3600_000)
}
const office = actingAs({ id: 'ducha', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer'] })

const { store } = await simulate({ from: '2022-10-08', to: '2023-01-20', seed: 11 })
async function serverOnTheLedger(options: Parameters<typeof startTestServer>[1]): Promise<TestServer> {
  const api = await startTestServer(t, { clock, ...options })
  const target = openSqliteEventStore({ file: api.file })
  await copyLog(store, target)
  await target.close()
  await api.readModels.catchUp()
  return api
}
// Held by a test to write in the middle of a warm.
let held = false
const warmed = await serverOnTheLedger({
  standingsWarmer: { everyMs: 20, sliceMs: 0, pauseMs: 5, holdWhile: () => held },
})
const reference = await serverOnTheLedger({ standingsWarmer: { everyMs: 3_600_000 } })
const plans = warmed.readModels.db
  .prepare('SELECT plan_id FROM rm_plans ORDER BY plan_id')
  .pluck()
  .all() as string[]

/** Until the warmed server's warm of the clock's date has run to its end (its own timer noticing). */
async function warmOfToday(api: TestServer): Promise<string> {
  const today = api.readModels.todayDate()
  for (let tries = 0; tries < 1_500 && api.server.standingsWarmer.warmed() !== today; tries++) await sleep(20)
  return api.server.standingsWarmer.warmed() ?? 'never'
}

/** The first views of a day: every plan's dashboard and the on-time ranking, all plans and each. */
async function firstViews(api: TestServer): Promise<unknown[]> {
  const to = api.readModels.todayDate()
  const paths = [
    ...plans.map((plan) => `/views/plans/${plan}/dashboard`),
    `/views/performance?from=2022-10-01&to=${to}`,
    ...plans.map((plan) => `/views/performance?from=2022-10-01&to=${to}&plan=${plan}`),
  ]
  const answers: unknown[] = []
  for (const path of paths) {
    const response = await api.request('GET', path, { headers: office })
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`)
    answers.push(response.body)
  }
  return answers
}

t.test(
  'given the clock crosses midnight in Shanghai, when the warm is over, then the first views make no standing and answer as the unwarmed server',
  async (t) => {
    t.ok(plans.length > 0, `${plans.length} plans`)
    nextDay()
    t.equal(await warmOfToday(warmed), '2023-01-21', 'the timer noticed the new date and warmed it')
    const made = warmed.readModels.standingsMade()
    const answers = await firstViews(warmed)
    t.equal(warmed.readModels.standingsMade(), made, 'the first views of the day made no standing')

    const referenceMade = reference.readModels.standingsMade()
    t.same(answers, await firstViews(reference), 'and answer as a server making every standing then')
    t.ok(reference.readModels.standingsMade() > referenceMade, 'which the unwarmed server did')
  },
)

t.test(
  'given a warm under way, when a report lands in the middle of it, then the next views show it and answer as the unwarmed server',
  async (t) => {
    // An overdue obligation still unmet: a report of it changes the on-time figures.
    const open = warmed.readModels.db
      .prepare(
        `SELECT o.unit_id AS unitId, o.task_id AS taskId, o.obligation_id AS obligationId FROM rm_obligations o
         JOIN rm_tasks t ON t.task_id = o.task_id AND t.valid_to_position IS NULL
         JOIN rm_assignments a ON a.unit_id = o.unit_id AND a.task_id = o.task_id
           AND a.acknowledged_position IS NOT NULL
         WHERE o.met_position IS NULL AND o.due_date < '2023-01-20' AND t.status = 'open'
           AND NOT EXISTS (SELECT 1 FROM rm_reports r WHERE r.unit_id = o.unit_id AND r.task_id = o.task_id
             AND r.obligation_id = o.obligation_id)
         ORDER BY o.task_id, o.unit_id LIMIT 1`,
      )
      .get() as { unitId: string; taskId: string; obligationId: string }
    t.ok(open, 'an overdue obligation with no report')
    const before = await firstViews(warmed)

    nextDay()
    const warmer = warmed.server.standingsWarmer
    const made = warmed.readModels.standingsMade()
    for (let turns = 0; turns < 100_000 && warmed.readModels.standingsMade() === made; turns++)
      await new Promise(setImmediate)
    // Held after its first standings: the report lands in the middle of the warm, whatever the machine's speed.
    held = true
    t.ok(warmer.warming(), 'the warm of the new date began')
    const report = {
      reportId: 'warm-report',
      obligationId: open.obligationId,
      narrative: '已按要求完成本期工作。',
    }
    const unit = actingAs({ id: `${open.unitId}-approver`, unitId: open.unitId, roles: ['unit_approver'] })
    const path = `/tasks/${open.taskId}/assignments/${open.unitId}/reports`
    const posted = await warmed.request('POST', path, { body: report, headers: unit })
    t.equal(posted.status, 201, 'the report is taken')
    t.ok(warmer.warming(), 'the report was acknowledged while the warm still ran')
    held = false
    t.equal(await warmOfToday(warmed), '2023-01-22', 'the warm ran to its end')

    const after = await firstViews(warmed)
    t.notSame(
      after.map((answer) => (answer as { overview?: unknown }).overview),
      before.map((answer) => (answer as { overview?: unknown }).overview),
      'the on-time figures changed with the report',
    )
    t.equal((await reference.request('POST', path, { body: report, headers: unit })).status, 201)
    t.same(after, await firstViews(reference), 'every view answers as the unwarmed server')
  },
)

t.test(
  'given a server shedding load, when the date turns, then the warm waits and makes nothing',
  async (t) => {
    const shedding = await serverOnTheLedger({
      standingsWarmer: { everyMs: 20, pauseMs: 20 },
      // Every request would be refused: nothing may be added to the loop's work.
      overload: { maxInFlight: 0, maxEventLoopDelayMs: 0 },
    })
    nextDay()
    const made = shedding.readModels.standingsMade()
    await sleep(300)
    t.ok(shedding.server.standingsWarmer.warming(), 'a warm is waiting')
    t.equal(shedding.readModels.standingsMade(), made, 'no standing made while shedding')
    t.not(
      shedding.server.standingsWarmer.warmed(),
      shedding.readModels.todayDate(),
      'the new date not warmed',
    )
    await shedding.close()
    t.notOk(shedding.server.standingsWarmer.warming(), 'the waiting warm ended with the server')
  },
)

t.test('given a warm under way, when the server closes, then the warm stops with it', async (t) => {
  nextDay()
  const warmer = warmed.server.standingsWarmer
  for (let turns = 0; turns < 100_000 && !warmer.warming(); turns++) await new Promise(setImmediate)
  t.ok(warmer.warming(), 'the warm of the new date began')
  // Held, so that it is still under way when the close comes, however fast the machine.
  held = true
  await warmed.close()
  t.notOk(warmer.warming(), 'no warm after the close')
  t.not(warmer.warmed(), warmed.readModels.todayDate(), 'the warm was stopped before its end')
  const made = warmed.readModels.standingsMade()
  await sleep(100)
  t.equal(warmed.readModels.standingsMade(), made, 'and made nothing after')
})

t.test(
  'given a server starting on a log whose chain it walks first, when it starts, then the warm waits for the walk',
  async (t) => {
    // The warmed server's log, closed above with its anchor saved: a start walks the whole chain.
    const starting = await startTestServer(t, {
      clock,
      dataDir: warmed.dataDir,
      standingsWarmer: { everyMs: 20, pauseMs: 5 },
    })
    const made = starting.readModels.standingsMade()
    let whileWalking = 0
    let madeWhileWalking = 0
    while (starting.logGuard.status().integrity === 'checking') {
      whileWalking++
      madeWhileWalking = starting.readModels.standingsMade() - made
      await sleep(5)
    }
    t.ok(whileWalking > 0, `looked ${whileWalking} times while the chain was walked`)
    t.equal(madeWhileWalking, 0, 'no standing made while the chain was walked')
    t.equal(await warmOfToday(starting), starting.readModels.todayDate(), 'then the warm ran to its end')
    t.ok(starting.readModels.standingsMade() > made, 'having made the day’s standings')
    await starting.close()
  },
)

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { latestCalendar } from '@duban/calendar'
import type { EventStore } from '@duban/eventstore'
import { simulate } from '@duban/simulation'
import t from 'tap'
import { rankUnits, tally } from './metrics/on-time'
import type { AsOf } from './queries/as-of'
import { planDashboard } from './queries/dashboard'
import { ledgerRows } from './queries/ledger-rows'
import { tasksAt } from './queries/period'
import { taskBoard } from './queries/task-board'
import { type TaskStanding, taskStanding } from './queries/task-standing'
import { type AsOfInput, ReadModels } from './read-models'
import { StandingsCache } from './standings-cache'
import { snapshottingStore } from './testing/snapshotting-store'

/**
 * The dashboard, the task board and the on-time ranking keep each task's standing between
 * writes and recompute only the tasks a write touched. Whatever they keep, they must answer
 * exactly as a computation from scratch: at the end of simulated days (many writes in between),
 * when the date moves on with no write, for pinned past dates asked again after later writes,
 * and after single writes of each kind.
 */
const calendar = latestCalendar()
const dir = mkdtempSync(join(tmpdir(), 'duban-standings-'))
let today = '2022-10-08'
let models: ReadModels | undefined
let days = 0
const compared: string[] = []
const differences: string[] = []

/** The views as the read models answer them (standings kept since the last question). */
async function kept(m: ReadModels, planId: string | undefined, asOf: AsOfInput) {
  const at = await m.asOf(asOf)
  const range = { from: '0000-01-01', to: at.date }
  const performance = await m.performance({ asOf, range, ...(planId ? { planId } : {}) })
  const ranking = {
    overview: performance.overview,
    ranked: performance.ranking,
    nothingDue: performance.nothingDue,
  }
  if (!planId) return { ranking }
  return {
    dashboard: await m.planDashboard(planId, { asOf }),
    board: (await m.taskBoard(planId, { asOf })).tasks,
    ranking,
  }
}

/** The same views made from scratch: every task's standing made afresh, the ranking the bulletin's way. */
async function fromScratch(m: ReadModels, planId: string | undefined, asOf: AsOfInput) {
  const at = await m.asOf(asOf)
  const policies = m.rules()
  const facts = m.periodFacts(at)
  const due = facts.dueObligations({ from: '0000-01-01', to: at.date }, planId)
  const ranked = rankUnits(due, facts.assignedUnits(planId))
  const ranking = {
    overview: tally(due.map((o) => o.outcome)),
    ranked: ranked.ranked,
    nothingDue: ranked.nothingDue,
  }
  if (!planId) return { ranking }
  const fresh = (tasks: Iterable<Parameters<typeof taskStanding>[3]>) =>
    [...tasks].map((task) => taskStanding(m.db, policies, at, task))
  return {
    dashboard: planDashboard(m.db, policies, planId, at, m.readPosition(), fresh) ?? {
      asOf: at,
      planId,
      registered: false,
    },
    board: taskBoard(m.db, at, planId, ledgerRows(m.db, policies, at, planId)),
    ranking,
  }
}

const plansOf = (m: ReadModels) =>
  m.db.prepare('SELECT plan_id FROM rm_plans ORDER BY plan_id').pluck().all() as string[]

/** Compares every plan's views (and the all-plans ranking) kept against made from scratch. */
async function compare(m: ReadModels, label: string, asOf?: AsOfInput) {
  for (const planId of [...plansOf(m), undefined]) {
    const [a, b] = [await kept(m, planId, asOf), await fromScratch(m, planId, asOf)]
    const same = JSON.stringify(a) === JSON.stringify(b)
    if (!same) differences.push(`${label} ${planId ?? 'all plans'} asOf ${asOf ?? 'now'}`)
  }
  compared.push(label)
}

/** The last day of the day's month: the ledger's clock stands there while the log moves on (as a demo's does). */
const monthEnd = (day: string) => {
  const [year, month] = day.split('-').map(Number)
  return new Date(Date.UTC(year!, month!, 0)).toISOString().slice(0, 10)
}

const store: EventStore = snapshottingStore(async (day) => {
  if (!models || ++days % 2 !== 0) return
  await models.catchUp()
  // The same date across many writes: the standings kept move on with the log, task by task.
  today = monthEnd(day)
  await compare(models, `end of ${day}`)
  // A pinned past date, asked again on later days after more writes touched its tasks.
  await compare(models, `end of ${day}, as of 2022-12-30`, day > '2022-12-30' ? '2022-12-30' : undefined)
  // The next day with no write: lights move as days pass (a reminder due, a report overdue).
  today = calendar.addWorkingDays(today, 1)
  await compare(models, `the working day after ${today}, no write`)
})
models = new ReadModels({
  file: join(dir, 'readmodels.sqlite'),
  store,
  workingDays: calendar,
  today: () => today,
})
t.setTimeout(600_000)
await simulate({ from: '2022-10-08', to: '2023-03-10', seed: 11, store })
await models.catchUp()
today = '2023-03-10'

t.teardown(async () => {
  await models?.close()
  rmSync(dir, { recursive: true, force: true })
})

t.test(
  'given a simulated run, when the views are asked at the end of days and the day after, then they equal a computation from scratch',
  async (t) => {
    t.ok(compared.length >= 60, `${compared.length} comparisons`)
    t.same(differences, [], 'no view differs from its computation from scratch')
  },
)

/** Appends one event to the simulated log (the simulation is over: nothing else writes). */
let written = 0
async function write(type: string, stream: string, data: Record<string, unknown>) {
  const commandId = `test-${++written}`
  await store.append(
    stream,
    [
      {
        type,
        schemaVersion: type === 'ReminderSent' ? 2 : 1,
        data,
        metadata: {
          actor: 'office',
          unit: null,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          recordedAt: '2023-03-10T03:00:00.000Z',
        },
      },
    ],
    { expectedVersion: 'any' },
  )
  await models!.catchUp()
}

t.test(
  'given standings kept, when single writes of each kind arrive, then each view equals a computation from scratch',
  async (t) => {
    const m = models!
    const [planId] = plansOf(m)
    // An overdue obligation of a district, still unmet: what a write changes the light of.
    const open = m.db
      .prepare(
        `SELECT o.unit_id, o.task_id, o.obligation_id, o.due_date FROM rm_obligations o
       JOIN rm_tasks t ON t.task_id = o.task_id AND t.valid_to_position IS NULL
       WHERE o.met_position IS NULL AND o.due_date < ? AND t.plan_id = ? AND t.status = 'open'
         AND NOT EXISTS (SELECT 1 FROM rm_reports r WHERE r.unit_id = o.unit_id AND r.task_id = o.task_id
           AND r.obligation_id = o.obligation_id)
       ORDER BY o.task_id, o.unit_id LIMIT 1`,
      )
      .get(today, planId) as { unit_id: string; task_id: string; obligation_id: string; due_date: string }
    t.ok(open, 'an overdue obligation with no report')
    const ids = { unitId: open.unit_id, taskId: open.task_id }
    const stream = `assignment-${open.task_id}~${open.unit_id}`
    await compare(m, 'before the writes')
    const lightOf = async () =>
      (await m.planDashboard(planId!)) as {
        items: { assignments: { taskId: string; unitId: string; light: string }[] }
      }
    const before = (await lightOf()).items.assignments.find(
      (a) => a.taskId === open.task_id && a.unitId === open.unit_id,
    )

    await write('ReminderSent', stream, { ...ids, reminderId: 'r-test', kind: 'manual', message: '请报送' })
    await compare(m, 'after a reminder')
    await write('ProgressReportSubmitted', stream, {
      ...ids,
      reportId: 'rep-test',
      obligationId: open.obligation_id,
      text: '已完成',
    })
    await compare(m, 'after a report')
    await write('ProgressReportAccepted', stream, { ...ids, reportId: 'rep-test' })
    await compare(m, 'after its acceptance')
    await write('ExtensionGranted', stream, {
      ...ids,
      requestId: 'ext-test',
      obligationId: open.obligation_id,
      newDueDate: '2023-06-30',
    })
    await compare(m, 'after an extension')
    await write('TaskClosed', `task-${open.task_id}`, { taskId: open.task_id })
    await compare(m, 'after the task closed')
    const closed = (await lightOf()).items.assignments.find(
      (a) => a.taskId === open.task_id && a.unitId === open.unit_id,
    )
    // An event about no one task: every standing is made again.
    await write('PlanPeriodAmended', `plan-${planId}`, { planId, period: { from: 2022, to: 2026 } })
    await compare(m, 'after a plan amended')
    await compare(m, 'a past date after the writes', '2023-01-31')
    t.same(differences, [], 'no view differs from its computation from scratch')
    t.not(before?.light, 'green', 'the overdue part was lit before the writes')
    t.equal(closed?.light, 'green', 'the closing changed the light the dashboard counts')
  },
)

t.test(
  'given standings kept, when a write touches one task, then only that task is made again',
  async (t) => {
    const m = models!
    const cache = new StandingsCache(m.db, m.rules())
    const [planId] = plansOf(m)
    const at = async (): Promise<AsOf> => m.asOf(undefined)
    const tasks = async () => [...tasksAt(m.db, await at(), planId).values()]
    const byTask = (list: TaskStanding[]) => new Map(list.map((s) => [s.task.taskId, s]))
    const before = byTask(cache.standings(await at(), m.readPosition(), await tasks()))
    const [touched, untouched] = [...before.keys()]
    t.same(
      byTask(cache.standings(await at(), m.readPosition(), await tasks())),
      before,
      'asked again: the same',
    )

    const unit = m.unitsAssignedTo(touched!)[0]!
    await write('ReminderSent', `assignment-${touched}~${unit}`, {
      taskId: touched,
      unitId: unit,
      reminderId: 'r-one',
      kind: 'manual',
      message: '请报送',
    })
    const after = byTask(cache.standings(await at(), m.readPosition(), await tasks()))
    t.not(after.get(touched!), before.get(touched!), 'the touched task is made again')
    t.equal(after.get(untouched!), before.get(untouched!), 'an untouched task is kept')
    const pinned = { ...(await at()), live: false }
    const past = byTask(cache.standings(pinned, m.readPosition(), await tasks()))
    t.equal(
      byTask(cache.standings(pinned, m.readPosition(), await tasks())).get(untouched!),
      past.get(untouched!),
    )
    t.same(
      [...after.values()].map((s) => s.rows),
      (await tasks()).map((task) => taskStanding(m.db, m.rules(), pinned, task).rows),
      'and all equal their computation from scratch',
    )
  },
)

t.test(
  'given no standings kept, when they are prepared in slices, then other work gets turns and the standings equal those made at once',
  async (t) => {
    const m = models!
    const [planId] = plansOf(m)
    const at = await m.asOf(undefined)
    const tasks = [...tasksAt(m.db, at, planId).values()]
    const sliced = new StandingsCache(m.db, m.rules())
    let turns = 0
    const other = setInterval(() => turns++, 0)
    // Slices of 0 ms: a turn of the event loop before every task.
    await sliced.prepare(at, () => m.readPosition(), tasks, 0)
    clearInterval(other)
    t.ok(turns > 0, `other work ran ${turns} times while the standings were made`)
    const atOnce = new StandingsCache(m.db, m.rules()).standings(at, m.readPosition(), tasks)
    t.same(
      sliced.standings(at, m.readPosition(), tasks).map((s) => s.rows),
      atOnce.map((s) => s.rows),
      'the prepared standings are those made at once',
    )
  },
)

/** The views the first people of a day ask, for every plan and all plans, as `kept` answers them. */
async function firstViewsOfTheDay(m: ReadModels) {
  for (const planId of [...plansOf(m), undefined]) await kept(m, planId, undefined)
}

t.test(
  'given a new business date with no write, when today’s standings are warmed, then the first views of the day make none and equal a computation from scratch',
  async (t) => {
    const m = models!
    // Without a warm, the first views of a new day make every task's standing: what the warm spares.
    today = calendar.addWorkingDays(today, 1)
    let made = m.standingsMade()
    await firstViewsOfTheDay(m)
    const tasks = tasksAt(m.db, await m.asOf(undefined)).size
    t.equal(m.standingsMade() - made, tasks, `unwarmed: the first views made all ${tasks} standings`)

    today = calendar.addWorkingDays(today, 1)
    made = m.standingsMade()
    t.equal(await m.warmStandings(), today, 'the warm ran to its end for the new date')
    t.equal(m.standingsMade() - made, tasks, 'the warm made every task’s standing of the new date')
    made = m.standingsMade()
    await firstViewsOfTheDay(m)
    t.equal(m.standingsMade(), made, 'warmed: the first views made no standing')
    const before = differences.length
    await compare(m, `the day warmed, ${today}`)
    t.same(differences.slice(before), [], 'and they equal a computation from scratch')
  },
)

t.test(
  'given a warm under way, when a write lands between its slices, then the next view shows it and remakes only the touched task',
  async (t) => {
    const m = models!
    today = calendar.addWorkingDays(today, 1)
    const tasks = [...tasksAt(m.db, await m.asOf(undefined)).values()]
    // An open task the warm has already made when the write lands: its kept standing goes stale.
    const index = tasks.findIndex((task) => task.status === 'open')
    const target = tasks[index]!
    t.ok(target, 'an open task')
    let turns = 0
    const warmed = await m.warmStandings({
      sliceMs: 0,
      // With slices of 0 ms the turn before task k comes after tasks 0..k-1 are made.
      turn: async () => {
        if (++turns === index + 2)
          await write('TaskClosed', `task-${target.taskId}`, { taskId: target.taskId })
        return true
      },
    })
    t.equal(warmed, today, 'the warm ran to its end')
    t.ok(turns > index + 2, 'the write landed in the middle of the warm')

    const made = m.standingsMade()
    const dashboard = (await m.planDashboard(target.planId)) as {
      items: { assignments: { taskId: string; light: string }[] }
    }
    t.equal(m.standingsMade() - made, 1, 'the view made again only the task the write touched')
    const lights = dashboard.items.assignments.filter((a) => a.taskId === target.taskId).map((a) => a.light)
    t.ok(
      lights.length > 0 && lights.every((light) => light === 'green'),
      'the closing shows: its lights are green',
    )
    const before = differences.length
    await compare(m, `a write during the warm of ${today}`)
    t.same(differences.slice(before), [], 'every view equals a computation from scratch')
  },
)

t.test(
  'given a warm under way, when it is told to stop or the date turns again, then it stops before the end',
  async (t) => {
    const m = models!
    today = calendar.addWorkingDays(today, 1)
    let turns = 0
    t.equal(await m.warmStandings({ sliceMs: 0, turn: async () => ++turns < 3 }), undefined, 'stopped')
    t.equal(turns, 3, 'no slice after the stop')

    const made = m.standingsMade()
    const warm = m.warmStandings({
      sliceMs: 0,
      turn: async () => {
        today = calendar.addWorkingDays(today, 1)
        return true
      },
    })
    t.equal(await warm, undefined, 'the date turned: the warm of the day before is abandoned')
    t.equal(m.standingsMade() - made, 0, 'having made nothing after the date turned')
  },
)

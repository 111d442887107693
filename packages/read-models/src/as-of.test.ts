import { latestCalendar } from '@duban/calendar'
import { simulate } from '@duban/simulation'
import t from 'tap'
import { ReadModels } from './read-models'
import { snapshottingStore } from './testing/snapshotting-store'

/**
 * Drives the two example plans day by day through the real scheduler and deciders, takes the
 * live views at the end of every third day the log grew, then asks the same views `asOf` each of those days.
 */
const calendar = latestCalendar()
let today = '2022-10-08'
const snapshots = new Map<string, unknown>()
let models: ReadModels | undefined
let dayCount = 0

const views = async (m: ReadModels, asOf?: string) => {
  const plans = m.db.prepare('SELECT plan_id FROM rm_plans ORDER BY plan_id').pluck().all() as string[]
  const firstTask = m.db.prepare('SELECT task_id FROM rm_tasks ORDER BY task_id LIMIT 1').pluck().get() as
    | string
    | undefined
  const page = { limit: 1000, ...(asOf ? { asOf } : {}) }
  const has = (unit: string) => m.knowsUnit(unit)
  const result = {
    lead: has('cq-shangwuwei') ? await m.unitView('cq-shangwuwei', page) : null,
    district: has('cq-yuzhong') ? await m.unitView('cq-yuzhong', page) : null,
    inbox: has('cq-yuzhong') ? await m.inbox('cq-yuzhong', page) : null,
    overdue: await m.overdueBoard(page),
    dashboards: await Promise.all(plans.map((plan) => m.planDashboard(plan, page))),
    indicators: await Promise.all(plans.map((plan) => m.indicators(plan, page))),
    history: firstTask ? await m.taskHistory(firstTask, page) : null,
  }
  // `asOf` says how the view was asked (live or not); everything else must be equal.
  return JSON.parse(JSON.stringify(result, (key, value) => (key === 'asOf' ? undefined : value)))
}

const store = snapshottingStore(async (day) => {
  if (!models) return
  if (++dayCount % 3 !== 0) return
  today = day
  await models.catchUp()
  snapshots.set(day, await views(models))
})
models = new ReadModels({ file: ':memory:', store, workingDays: calendar, today: () => today })
// Eight simulated months and a rebuild at every position asked: minutes on a loaded machine.
t.setTimeout(600_000)
await simulate({ from: '2022-10-08', to: '2023-05-31', seed: 7, store })
await models.catchUp()
today = '2023-05-31'

t.test(
  "given a simulated run, when each day's live views are asked again asOf that day, then they are equal",
  async (t) => {
    t.ok(snapshots.size >= 20, `${snapshots.size} days snapshotted`)
    let overdueSeen = 0
    for (const [day, live] of snapshots) {
      const asOf = await views(models!, day)
      t.same(asOf, live, `as of ${day} equals the live views of that day`)
      overdueSeen += (live as { overdue: { page: { total: number } } }).overdue.page.total
    }
    t.ok(overdueSeen > 0, 'the run had overdue obligations to compare')
  },
)

t.teardown(() => models?.close())

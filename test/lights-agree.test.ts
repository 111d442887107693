/**
 * One light per assignment, wherever it is read: the example plans lived on the simulated clock
 * up to a date, then every assignment's light asked three ways — the /views API over real HTTP
 * (the read models), the scheduler's lights report (`lightsAsOf`, what `duban simulate` prints),
 * and the unit's web page (我的任务) — must be the same light, with the same rule behind it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { latestCalendar } from '@duban/calendar'
import { fixedClock } from '@duban/ledger'
import { openEmbeddedLedger } from '@duban/runtime'
import { lightsAsOf, openScheduler } from '@duban/scheduling'
import { copyLog, simulate } from '@duban/simulation'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import t from 'tap'
import { serveLedger } from './serve-ledger'

/** The day before the 2023-Q1 reports fall due: some due soon (yellow), the silent long red. */
const DATE = '2023-04-06'
const NOW = new Date(`${DATE}T02:00:00Z`)

t.setTimeout(300_000)

const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-lights-'))
const clock = fixedClock(NOW)
const units = loadChongqingUnits()
const districtsAsOf = (date: string) =>
  units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((unit) => unit.id)

// Given the example plans lived day by day to DATE, the log copied into the server's SQLite file.
const simulation = await simulate({ from: '2022-10-01', to: DATE, until: NOW, seed: 2023, districtsAsOf })
const embedded = openEmbeddedLedger({ dataDir }, clock)
await copyLog(simulation.store, embedded.store)
await simulation.store.close()

const calendar = latestCalendar()
const { scheduler, runner } = openScheduler({ ledger: embedded.ledger, indexFile: ':memory:', calendar })
await runner.catchUp()
const schedulerReport = lightsAsOf(runner.db, DATE, scheduler.ladder, calendar)
await runner.close()

const { url, signIn } = await serveLedger(t, {
  dataDir,
  embedded,
  clock,
  units,
  districtsAsOf,
})

const token = await signIn({ id: 'ducha', displayName: '督查办', roles: ['supervision_officer'] })
const get = async (route: string) => {
  const response = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } })
  if (response.status !== 200) throw new Error(`${route}: ${response.status} ${await response.text()}`)
  return response
}

type Light = 'green' | 'yellow' | 'red'
const key = (taskId: string, unitId: string) => `${taskId}~${unitId}`

t.test(
  'every assignment shows one light: the /views API, the scheduler report and the web page',
  async (t) => {
    const fromScheduler = new Map(
      schedulerReport.assignments.map((a) => [key(a.taskId, a.unitId), a.verdict] as const),
    )
    const fromApi = new Map<string, { light: Light; reason: { rule: string } }>()
    const fromPage = new Map<string, Light>()
    const dates = new Set<string>()
    for (const { unitId } of schedulerReport.units) {
      const view = (await (await get(`/views/units/${unitId}?limit=1000`)).json()) as {
        asOf: { date: string }
        assignments: { taskId: string; light: Light; reason: { rule: string } }[]
      }
      dates.add(view.asOf.date)
      for (const a of view.assignments) fromApi.set(key(a.taskId, unitId), a)
      // The task list is paged: every page of it, following 下一页.
      for (let next: string | undefined = `/w/units/${unitId}`; next; ) {
        const page = await (await get(next)).text()
        for (const [, taskId, light] of page.matchAll(/<tr data-task="([^"]+)" data-light="(\w+)">/g))
          fromPage.set(key(taskId!, unitId), light as Light)
        next = /href="([^"]+)" rel="next"/.exec(page)?.[1]?.replaceAll('&amp;', '&')
      }
    }

    t.same([...dates], [DATE], 'every view stands at the date')
    t.equal(fromScheduler.size, 2_256, 'every assignment of the two plans: 49 tasks, 41 districts each')
    t.equal(
      [...fromScheduler.keys()].filter((id) => id.endsWith('~cq-jiangbei')).length,
      49,
      '江北区, a district government in 2022, is bound to every task',
    )
    t.equal(fromApi.size, fromScheduler.size, 'the API lists every assignment')
    t.equal(fromPage.size, fromScheduler.size, 'the pages list every assignment')
    const disagreements: string[] = []
    for (const [id, verdict] of fromScheduler) {
      const api = fromApi.get(id)
      const page = fromPage.get(id)
      if (api?.light !== verdict.light || page !== verdict.light || api.reason.rule !== verdict.reason.rule)
        disagreements.push(
          `${id}: scheduler ${verdict.light} (${verdict.reason.rule}), api ${api?.light}, page ${page}`,
        )
    }
    t.same(disagreements.slice(0, 10), [], 'no assignment shows two lights')

    const count = (light: Light) => [...fromScheduler.values()].filter((v) => v.light === light).length
    t.ok(count('red') > 0, `red: ${count('red')}`)
    t.ok(count('yellow') > 0, `yellow: ${count('yellow')}`)
    t.ok(count('green') > 0, `green: ${count('green')}`)
  },
)

t.test('the lead unit’s page counts the lights the API counts', async (t) => {
  const view = (await (await get('/views/units/cq-shangwuwei')).json()) as {
    summary: { assignments: number; lights: Record<Light, number> }
  }
  const page = await (await get('/w/units/cq-shangwuwei')).text()
  const { red, yellow, green } = view.summary.lights
  t.match(page, `共 ${view.summary.assignments} 项交办`)
  t.match(page, `红灯 ${red}`)
  t.match(page, `黄灯 ${yellow}`)
  t.match(page, `绿灯 ${green}`)
  const unit = schedulerReport.units.find((u) => u.unitId === 'cq-shangwuwei')
  t.match(unit, { red, yellow, green }, 'and the scheduler report counts the same')
})

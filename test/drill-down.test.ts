/**
 * Drill-down over the demo ledger, through a real server: every figure of 计划总览 (task lights by
 * plan and section, a unit's assignment lights and its on-time rate, the escalations, a task's
 * silent units) and of 按时报送排名 (obligations due, overall and per unit) links to the items
 * behind it, and following the link lists exactly as many items as the figure says.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fixedClock } from '@duban/ledger'
import { DEMO_TODAY, embeddedLogFile, openEmbeddedLedger, seedDemoLog } from '@duban/runtime'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import t from 'tap'
import { serveLedger } from './serve-ledger'

t.setTimeout(900_000)

const clock = fixedClock(new Date(DEMO_TODAY))
const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-drill-down-'))
const units = loadChongqingUnits()
const districtsAsOf = (date: string) => units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((u) => u.id)

// Given the demo ledger served by a real server, and the leadership group signed in.
await seedDemoLog(embeddedLogFile({ dataDir }), districtsAsOf)
const embedded = openEmbeddedLedger({ dataDir }, clock)
// Load shedding is on, as in production: the dashboard of the whole demo plan counts from the
// standings kept, made in slices of the event loop, so the pages asked after it are not shed.
const { url, signIn } = await serveLedger(t, {
  dataDir,
  embedded,
  clock,
  units,
  districtsAsOf,
})
const token = await signIn({ id: 'lingdao', displayName: '领导小组', roles: ['leadership'] })
const page = async (route: string) => {
  const response = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } })
  if (response.status !== 200) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`)
  return response.text()
}
const decoded = (href: string) => href.replaceAll('&amp;', '&')

/** Every figure on a page that links to its items: the link and the number shown. */
const figures = (html: string) =>
  [...html.matchAll(/<a href="([^"]+)" data-drill data-count="(\d+)">(\d+)<\/a>/g)].map((m) => ({
    href: decoded(m[1]!),
    count: Number(m[2]),
    shown: Number(m[3]),
  }))

/** Follows each link: its page lists as many items as the figure, and says so. */
async function followEach(
  t: { same: (a: unknown, b: unknown, m: string) => void },
  links: ReturnType<typeof figures>,
) {
  const mismatched: string[] = []
  for (const link of links) {
    const items = await page(link.href)
    const rows = [...items.matchAll(/<tr data-item="/g)].length
    const said = Number(/data-testid="drill-count">共 (\d+) 项/.exec(items)?.[1])
    if (link.shown !== link.count || rows !== link.count || said !== link.count)
      mismatched.push(`${link.href}: figure ${link.shown}, listed ${rows}, page says ${said}`)
  }
  t.same(mismatched, [], `${links.length} figures: each lists as many items as it says`)
}

t.test('every figure of the dashboard lists the items behind it', async (t) => {
  const plans = [...(await page('/w/dashboard')).matchAll(/href="\/w\/dashboard\?plan=([^"&]+)"/g)].map(
    (m) => m[1]!,
  )
  t.ok(plans.length >= 2, 'the demo’s two plans')
  for (const plan of new Set(plans)) {
    const links = figures(await page(`/w/dashboard?plan=${plan}`))
    const kinds = new Set(links.map((l) => new URL(l.href, url).searchParams.get('show')))
    t.same(
      [...kinds].sort(),
      ['assignments', 'due', 'escalations', 'silent', 'tasks'],
      `${plan}: task lights, unit lights, on-time rates, escalations and silent units all link`,
    )
    await followEach(t, links)
    // A red count is the number of red tasks listed, and each listed task is red.
    const red = links.find(
      (l) => l.href.includes('show=tasks') && l.href.includes('light=red') && !l.href.includes('section='),
    )
    if (red) t.notMatch(await page(red.href), /<td>(绿灯|黄灯)<\/td>/, 'the red tasks are all red')
  }
})

t.test('the ranking’s obligations due list the obligations behind them', async (t) => {
  const ranking = await page(`/w/office/performance?from=2023-07-01&to=2023-10-31`)
  const links = figures(ranking)
  t.ok(links.length > 10, `${links.length} figures link`)
  await followEach(t, links)
})

t.test('a bad drill-down query is refused and changes nothing', async (t) => {
  const response = await fetch(`${url}/w/dashboard/items?show=tasks&light=purple&plan=x`, {
    headers: { authorization: `Bearer ${token}` },
  })
  t.equal(response.status, 400)
})

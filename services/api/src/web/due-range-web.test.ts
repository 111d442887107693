/**
 * The ranking (按时报送排名) and its drill-down read their range of due dates through one schema:
 * a date that is not a calendar date, or a first date after the last, is a 400 page that says in
 * Chinese which date is wrong, and a plan that does not exist a 404 — not a failed page (500) or
 * a list for a date that does not exist. The ranking's own links (the crawl's) answer 200.
 */
import t from 'tap'
import { planBody, supervisionOffice, taskBody } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { webSession } from '../testing/web-session'

const officer = { id: 'ducha-01', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer' as const] }
const alertOf = (page: string) => /role="alert">([^<]*)</.exec(page)?.[1] ?? ''

t.test('a bad range of due dates is refused in Chinese, a good one answered', async (t) => {
  // Given a plan with a task, and the supervision office signed in to the workspace (today 2023-06-15)
  const api = await startTestServer(t)
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
  const web = await webSession(api, officer)

  // When the ranking's own links are followed, then they answer
  const ranking = await web.get('/w/office/performance?from=2023-01-01&to=2023-06-15')
  t.equal(ranking.status, 200)
  const dueLinks = [...ranking.text.matchAll(/href="(\/w\/dashboard\/items\?show=due[^"]*)"/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  )
  t.ok(dueLinks.length > 0, 'the ranking links its obligations due')
  for (const link of dueLinks) t.equal((await web.get(link)).status, 200, link)
  t.equal(
    (await web.get('/w/dashboard/items?show=due&unit=cq-jiaowei&from=2023-01-01&to=2023-06-15')).status,
    200,
  )

  // When a range is bad, then the page is a 400 saying which date, in Chinese
  for (const [path, said] of [
    ['/w/office/performance?from=2023-12-01&to=2023-01-01', '起始日期不能晚于截止日期'],
    ['/w/dashboard/items?show=due&from=2023-12-01&to=2023-01-01', '起始日期不能晚于截止日期'],
    ['/w/office/performance?from=2023-02-30&to=2023-06-15', '起始日期不是有效日期'],
    ['/w/dashboard/items?show=due&to=2023-13-45', '截止日期不是有效日期'],
    ['/w/dashboard/items?show=due', '请填写截止日期'],
  ] as const) {
    const page = await web.get(path)
    t.equal(page.status, 400, `${path}: 400`)
    t.match(alertOf(page.text), said, `${path}: ${said}`)
  }

  // When the plan does not exist, then the page is a 404 in Chinese
  const noPlan = await web.get('/w/dashboard/items?show=due&to=2023-06-15&plan=no-such-plan')
  t.equal(noPlan.status, 404)
  t.match(alertOf(noPlan.text), /找不到/)
})

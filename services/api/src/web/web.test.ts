/**
 * The web workspace over real HTTP with real cookie sessions: output escaping, CSRF on forms,
 * a district that changes the unit id in the URL, security headers, and as-of views.
 */
import t, { type Test } from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from '../testing/fixtures'
import { startTestServer, type TestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const lead = { id: 'swz-tianbao', unitId: LEAD_UNIT, roles: ['unit_reporter' as const] }
const yuzhong = { id: 'yuzhong-01', unitId: 'cq-yuzhong', roles: ['unit_reporter' as const] }
const assignmentPage = `/w/units/${LEAD_UNIT}/tasks/${taskBody.taskId}`

async function givenAssignedTask(t: Test, api: TestServer, allDistricts = false) {
  const ok = async (path: string, body: unknown, headers = supervisionOffice) =>
    t.ok((await api.request('POST', path, { body, headers })).status < 300, path)
  await ok('/plans', planBody)
  await ok('/tasks', { ...taskBody, allDistricts })
  await ok(`/tasks/${taskBody.taskId}/assignments`, { unitId: LEAD_UNIT, role: 'lead' })
  if (allDistricts) {
    for (const unitId of ['cq-yuzhong', 'cq-jiangbei']) {
      await ok(`/tasks/${taskBody.taskId}/assignments`, { unitId, role: 'district' })
    }
  }
}

const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

t.test('a narrative containing <script> is shown as text, never run', async (t) => {
  const api = await startTestServer(t)
  await givenAssignedTask(t, api)
  const assignment = `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
  const unit = unitUser(LEAD_UNIT)
  await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unit })
  const narrative = '<script>alert("督办")</script><img src=x onerror=alert(1)>已完成'
  const reported = await api.request('POST', `${assignment}/reports`, {
    body: { reportId: 'r1', narrative },
    headers: unit,
  })
  t.equal(reported.status, 201)

  const browser = await webSession(api, lead)
  const page = await browser.get(assignmentPage)
  t.equal(page.status, 200)
  t.match(
    page.text,
    '&lt;script&gt;alert(&quot;督办&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;已完成',
  )
  t.notMatch(page.text, /<script/i, 'no script element on the page at all')
  t.notMatch(page.text, /<img src=x/)

  // "Why is this light?": the page cites the rule by its rule-book name and ladder version.
  t.match(
    page.text,
    /data-rule="worst-of-obligations">依据规则：交办取最差 <code>worst-of-obligations<\/code>（ladder-2026\.1）/,
  )
  // The office's own clock: the waiting report's review deadline and light on its review queue.
  const office = await webSession(api, {
    id: 'ducha-01',
    unitId: 'cq-zhengfubangongting',
    roles: ['supervision_officer'],
  })
  const queue = await office.get('/w/office/reviews')
  t.equal(queue.status, 200)
  t.match(queue.text, /class="review-deadline" data-light="green">.*审核期限 \d{4}年\d+月\d+日/)
  t.match(queue.text, 'data-rule="review-within-deadline"')
})

t.test(
  'a form posted from a cookie session needs its CSRF token; without it, 403 and nothing written',
  async (t) => {
    const api = await startTestServer(t)
    await givenAssignedTask(t, api)
    const browser = await webSession(api, lead)
    const before = await head(api)
    const forged = await browser.post(`${assignmentPage}/acknowledge`, {})
    t.equal(forged.status, 403)
    t.match(forged.headers.get('content-type'), /^application\/problem\+json/)
    t.match(forged.body, { type: 'https://duban.dev/problems/forbidden' })
    const wrong = await browser.post(`${assignmentPage}/acknowledge`, { _csrf: 'made-up-token' })
    t.equal(wrong.status, 403)
    t.equal(await head(api), before, 'nothing written')

    const page = await browser.get(assignmentPage)
    const acknowledged = await browser.post(`${assignmentPage}/acknowledge`, { _csrf: csrfOf(page.text) })
    t.equal(acknowledged.status, 303)
    t.equal(acknowledged.headers.get('location'), `${assignmentPage}?done=acknowledge`)
    t.equal(await head(api), before + 1, 'the acknowledgement is one event')
    const after = await browser.get(`${assignmentPage}?done=acknowledge`)
    t.match(after.text, '已签收')
  },
)

t.test('a district cannot read another district’s inbox by changing the id in the URL', async (t) => {
  const api = await startTestServer(t)
  await givenAssignedTask(t, api, true)
  await api.request('POST', `/tasks/${taskBody.taskId}/assignments/cq-jiangbei/notices`, {
    body: {
      noticeId: 'n-jb',
      grade: 'priority',
      reason: '江北区进度滞后，请说明',
      answerDueDate: '2023-06-20',
    },
    headers: supervisionOffice,
  })
  const browser = await webSession(api, yuzhong)
  t.equal((await browser.get('/w/units/cq-yuzhong/inbox')).status, 200, 'its own inbox')
  for (const path of [
    '/w/units/cq-jiangbei/inbox',
    '/w/units/cq-jiangbei',
    `/w/units/cq-jiangbei/tasks/${taskBody.taskId}`,
  ]) {
    const other = await browser.get(path)
    t.equal(other.status, 403, `${path}: refused`)
    t.match(other.headers.get('content-type'), /^application\/problem\+json/)
    t.notMatch(other.text, '江北区进度滞后', 'nothing of the other inbox leaks')
  }
  const history = await api.request('GET', `/tasks/${taskBody.taskId}`, {
    headers: { authorization: `Bearer ${await api.tokenFor(yuzhong)}` },
  })
  t.equal(history.status, 200)
  const streams = (history.body as { history: { streamId: string }[] }).history.map((e) => e.streamId)
  t.notOk(
    streams.some((s) => s.includes('cq-jiangbei') || s.includes(LEAD_UNIT)),
    'the task history a district reads holds only the task and its own assignment',
  )
})

t.test('pages carry a CSP without inline scripts, and as-of views say so', async (t) => {
  const api = await startTestServer(t)
  await givenAssignedTask(t, api)
  const browser = await webSession(api, lead)
  t.equal(browser.location, `/w/units/${LEAD_UNIT}`, 'a unit user lands on its tasks')
  const today = await browser.get(`/w/units/${LEAD_UNIT}`)
  const csp = today.headers.get('content-security-policy') ?? ''
  t.match(csp, "script-src 'self'")
  t.notMatch(csp, 'unsafe-inline')
  t.match(csp, "frame-ancestors 'none'")
  t.match(today.text, '台账日期：2023年6月15日')
  t.match(today.text, '夯实贸易发展产业基础')

  const past = await browser.get(`/w/units/${LEAD_UNIT}?asOf=2023-06-01`)
  t.match(past.text, '历史视图：台账截至 2023年6月1日 日终')
  t.match(past.text, '截至该日没有交办给本单位的任务', 'the assignment recorded later is not there yet')
  const bad = await browser.get(`/w/units/${LEAD_UNIT}?asOf=June`)
  t.equal(bad.status, 400)
})

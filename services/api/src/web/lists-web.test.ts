/**
 * Lists that scale, over real HTTP with cookie sessions: task lists in natural order with the next
 * report due, inbox paging and its 已办 tab, bulk 签收 and bulk notices (a confirmation that writes
 * nothing, then one event per item through the command path), another unit's rows refused, and
 * the overdue board's filters, paging and by-unit counts.
 */
import t, { type Test } from 'tap'
import { planBody, supervisionOffice, taskBody, unitUser } from '../testing/fixtures'
import { startTestServer, type TestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const DISTRICT = 'cq-yuzhong'
const OTHER = 'cq-jiangbei'
const district = { id: 'yuzhong-01', unitId: DISTRICT, roles: ['unit_reporter' as const] }
const officer = { id: 'ducha-01', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer' as const] }
const TASKS = 12
const taskId = (n: number) => `${planBody.planId}.t${n}`

const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

/** Twelve tasks, each assigned to two districts, with a 2023-Q1 report due 2023-04-10 (today is 2023-06-15). */
async function givenTwelveTasks(t: Test, api: TestServer) {
  const ok = async (path: string, body: unknown) => {
    const response = await api.request('POST', path, { body, headers: supervisionOffice })
    if (response.status >= 300) t.fail(`${path}: ${response.status} ${response.text}`)
  }
  await ok('/plans', planBody)
  for (let n = 1; n <= TASKS; n++) {
    await ok('/tasks', {
      ...taskBody,
      allDistricts: true,
      taskId: taskId(n),
      number: String(n),
      title: `任务${n}`,
    })
    for (const unitId of [DISTRICT, OTHER]) {
      await ok(`/tasks/${taskId(n)}/assignments`, { unitId, role: 'district' })
      await ok(`/tasks/${taskId(n)}/assignments/${unitId}/obligations`, {
        obligationId: 'q2023-1',
        period: '2023-Q1',
        dueDate: n === TASKS ? '2023-07-10' : '2023-04-10',
        kind: 'periodic',
      })
    }
  }
}

/** A form post with repeated fields (several `pick`s), as a browser sends checkboxes. */
const postForm = (api: TestServer, cookie: string, path: string, fields: [string, string][]) =>
  api.request('POST', path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  })

const rowsOf = (page: string, testid: string) => {
  const table = page.slice(page.indexOf(`data-testid="${testid}"`))
  return [...table.slice(0, table.indexOf('</table>')).matchAll(/<tr data-task="([^"]+)"/g)].map((m) => m[1]!)
}

t.test('a task list: next report due per row, natural order of task numbers, filters', async (t) => {
  const api = await startTestServer(t)
  await givenTwelveTasks(t, api)
  const browser = await webSession(api, district)
  const page = await browser.get(`/w/units/${DISTRICT}`)
  t.equal(page.status, 200)
  const rows = rowsOf(page.text, 'task-list')
  t.equal(rows.length, TASKS)
  // Overdue ones first (all alike), 第2项 before 第10项; the one not yet due last.
  t.same(rows.slice(0, 3), [taskId(1), taskId(2), taskId(3)])
  t.ok(rows.indexOf(taskId(2)) < rows.indexOf(taskId(10)), '第2项 before 第10项')
  t.equal(rows.at(-1), taskId(12))
  t.match(page.text, /data-testid="next-due">2023年4月10日</, 'the next report due, not the task deadline')
  t.notMatch(page.text, /data-testid="next-due">2024年12月31日</)

  const searched = await browser.get(`/w/units/${DISTRICT}?q=${encodeURIComponent('任务11')}`)
  t.same(rowsOf(searched.text, 'task-list'), [taskId(11)], 'search by title')
  const bad = await browser.get(`/w/units/${DISTRICT}?light=purple`)
  t.equal(bad.status, 400, 'an unknown light is refused')
  t.match(bad.text, '亮灯须为红灯、黄灯或绿灯')
})

t.test('bulk 签收: one confirmation, then one AcknowledgeAssignment event per assignment', async (t) => {
  const api = await startTestServer(t)
  await givenTwelveTasks(t, api)
  const browser = await webSession(api, district)
  const inbox = await browser.get(`/w/units/${DISTRICT}/inbox`)
  t.match(inbox.text, '待签收（12）')
  const picks = [...inbox.text.matchAll(/name="pick" value="([^"]+)" checked/g)].map((m) => m[1]!)
  t.equal(picks.length, TASKS, 'every unacknowledged assignment offered, ticked')
  const csrf = csrfOf(inbox.text)
  const fields = (list: string[]): [string, string][] => [
    ['_csrf', csrf],
    ...list.map((p) => ['pick', p] as [string, string]),
  ]

  const before = await head(api)
  const confirm = await postForm(
    api,
    browser.cookie(),
    `/w/units/${DISTRICT}/acknowledge/confirm`,
    fields(picks),
  )
  t.equal(confirm.status, 200)
  t.match(confirm.text, '确认签收 12 项')
  t.match(confirm.text, '第10项 任务10')
  t.equal(await head(api), before, 'the confirmation writes nothing')

  const foreign = await postForm(
    api,
    browser.cookie(),
    `/w/units/${DISTRICT}/acknowledge`,
    fields([`${taskId(1)}~${OTHER}`]),
  )
  t.equal(foreign.status, 403, "another unit's assignment in the picks is refused")
  t.equal(await head(api), before, 'and nothing is written')

  const done = await postForm(
    api,
    browser.cookie(),
    `/w/units/${DISTRICT}/acknowledge`,
    fields(picks.slice(0, 5)),
  )
  t.equal(done.status, 303)
  t.equal(done.headers.get('location'), `/w/units/${DISTRICT}/inbox?done=acknowledge&n=5`)
  t.equal((await head(api)) - before, 5, 'one event per assignment')
  for (const pick of picks.slice(0, 5)) {
    const [task] = pick.split('~')
    const history = await api.request('GET', `/views/tasks/${task}/history?unit=${DISTRICT}`, {
      headers: supervisionOffice,
    })
    const types = (history.body as { entries: { type: string; actor: string }[] }).entries
    t.ok(
      types.some((e) => e.type === 'AssignmentAcknowledged' && e.actor === district.id),
      `${task} acknowledged by the user, in the log`,
    )
  }
  const after = await browser.get(`/w/units/${DISTRICT}/inbox?done=acknowledge&n=5`)
  t.match(after.text, '已签收 5 项交办')
  t.match(after.text, '待签收（7）')

  const none = await postForm(api, browser.cookie(), `/w/units/${DISTRICT}/acknowledge/confirm`, [
    ['_csrf', csrf],
  ])
  t.equal(none.status, 400, 'nothing picked')
  t.match(none.text, '请先勾选要办理的事项')
})

t.test('the inbox pages through everything; answered items stay reachable under 已办', async (t) => {
  const api = await startTestServer(t)
  await givenTwelveTasks(t, api)
  const assignment = `/tasks/${taskId(1)}/assignments/${DISTRICT}`
  for (let i = 1; i <= 55; i++) {
    const sent = await api.request('POST', `${assignment}/reminders`, {
      body: { reminderId: `rem-${i}`, kind: 'manual', obligationId: 'q2023-1', message: `第${i}次催办` },
      headers: supervisionOffice,
    })
    if (sent.status !== 201) t.fail(`reminder ${i}: ${sent.status}`)
  }
  const browser = await webSession(api, district)
  const first = await browser.get(`/w/units/${DISTRICT}/inbox`)
  const items = (page: string) => (page.match(/<li class="[^"]*">\s*<span class="tag">/g) ?? []).length
  t.equal(items(first.text), 50, 'one page of 50')
  t.match(first.text, '共 55 条')
  t.match(first.text, /href="\/w\/units\/cq-yuzhong\/inbox\?page=2"/)
  const second = await browser.get(`/w/units/${DISTRICT}/inbox?page=2`)
  t.equal(items(second.text), 5)
  t.match(second.text, '第1次催办', 'the oldest is reachable')

  // A report answers the reminders about its obligation: they move to 已办.
  await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unitUser(DISTRICT) })
  const reported = await api.request('POST', `${assignment}/reports`, {
    body: { reportId: 'r1', obligationId: 'q2023-1', narrative: '已报送。' },
    headers: unitUser(DISTRICT),
  })
  t.equal(reported.status, 201)
  const open = await browser.get(`/w/units/${DISTRICT}/inbox`)
  t.notMatch(open.text, '第55次催办', 'no longer awaiting the unit')
  const handled = await browser.get(`/w/units/${DISTRICT}/inbox?show=handled`)
  t.match(handled.text, '第55次催办', 'reachable under 已办')
  t.match(handled.text, '共 55 条')
})

t.test('bulk notices from the overdue board: one confirmation, one notice event per row', async (t) => {
  const api = await startTestServer(t)
  await givenTwelveTasks(t, api)
  const browser = await webSession(api, officer)
  const board = await browser.get('/w/office/overdue')
  t.equal(board.status, 200)
  t.match(board.text, '报送义务 22 项', '11 overdue tasks × 2 districts')
  t.match(board.text, /data-testid="overdue-by-unit"[\s\S]*渝中区[\s\S]*江北区/)
  const narrowed = await browser.get(`/w/office/overdue?unit=${DISTRICT}&q=${encodeURIComponent('任务1')}`)
  t.same(rowsOf(narrowed.text, 'overdue-lines'), [taskId(1), taskId(10), taskId(11)], 'unit and words')

  const csrf = csrfOf(board.text)
  const picks = [`${taskId(2)}~${DISTRICT}`, `${taskId(3)}~${OTHER}`]
  const fields: [string, string][] = [
    ['_csrf', csrf],
    ...picks.map((p) => ['pick', p] as [string, string]),
    ['grade', 'priority'],
    ['reason', '请说明逾期原因'],
    ['answerDueDate', '2023-06-20'],
  ]
  const before = await head(api)
  const confirm = await postForm(api, browser.cookie(), '/w/office/notices/confirm', fields)
  t.equal(confirm.status, 200)
  t.match(confirm.text, '确认下发 2 件督办单')
  t.match(confirm.text, '江北区')
  t.equal(await head(api), before, 'the confirmation writes nothing')
  const issued = await postForm(api, browser.cookie(), '/w/office/notices', fields)
  t.equal(issued.status, 303)
  t.equal((await head(api)) - before, 2, 'one event per row')
  const after = await browser.get(issued.headers.get('location')!)
  t.match(after.text, '已下发督办单 2 件')

  const inbox = await webSession(api, district)
  const page = await inbox.get(`/w/units/${DISTRICT}/inbox?kind=notice`)
  t.match(page.text, /督办单〔2023〕第\d+号/, 'the notice by its number')
  t.match(page.text, '请说明逾期原因')

  const refused = await postForm(
    api,
    browser.cookie(),
    '/w/office/notices',
    fields.filter(([k]) => k !== 'reason'),
  )
  t.equal(refused.status, 400)
  t.match(refused.text, '请填写理由')
})

t.test('after an extension the board never says fewer red than the unit shows', async (t) => {
  const api = await startTestServer(t)
  await givenTwelveTasks(t, api)
  const assignment = `/tasks/${taskId(1)}/assignments/${DISTRICT}`
  await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unitUser(DISTRICT) })
  const asked = await api.request('POST', `${assignment}/extensions`, {
    body: { requestId: 'x1', obligationId: 'q2023-1', requestedDueDate: '2023-07-31', reason: '数据待核实' },
    headers: unitUser(DISTRICT),
  })
  t.equal(asked.status, 201)
  const granted = await api.request('POST', `${assignment}/extensions/x1/grant`, {
    body: {},
    headers: supervisionOffice,
  })
  t.equal(granted.status, 200)

  const browser = await webSession(api, officer)
  const board = await browser.get(`/w/office/overdue?unit=${DISTRICT}`)
  t.match(board.text, '报送义务 10 项', 'the extended obligation left the board')
  t.notOk(rowsOf(board.text, 'overdue-lines').includes(taskId(1)))
  const view = await api.request('GET', `/views/units/${DISTRICT}?limit=1`, { headers: supervisionOffice })
  const lights = (view.body as { summary: { lights: Record<string, number> } }).summary.lights
  const shown = /data-testid="unit-lights">[\s\S]*?红灯 (\d+)[\s\S]*?黄灯 (\d+)[\s\S]*?绿灯 (\d+)/.exec(
    board.text,
  )
  t.same(
    shown?.slice(1).map(Number),
    [lights['red'], lights['yellow'], lights['green']],
    "the board shows the unit's own lights, the same as its view",
  )
  const boardRed = Number(/（红灯 (\d+)，/.exec(board.text)?.[1] ?? 0)
  if ((lights['red'] ?? 0) > boardRed)
    t.match(board.text, '项红灯不因逾期', 'the other red lights are pointed to')
})

t.test('办理经过: newest first, fifty to a page, the oldest on the last page', async (t) => {
  const api = await startTestServer(t)
  await givenTwelveTasks(t, api)
  const assignment = `/tasks/${taskId(1)}/assignments/${DISTRICT}`
  for (let i = 1; i <= 55; i++) {
    const sent = await api.request('POST', `${assignment}/reminders`, {
      body: { reminderId: `rem-${i}`, kind: 'manual', obligationId: 'q2023-1', message: `第${i}次催办` },
      headers: supervisionOffice,
    })
    if (sent.status !== 201) t.fail(`reminder ${i}: ${sent.status}`)
  }
  const logged = await api.request('GET', `/views/tasks/${taskId(1)}/history?unit=${DISTRICT}&limit=1000`, {
    headers: supervisionOffice,
  })
  const oldestFirst = (logged.body as { entries: { type: string }[] }).entries.map((e) => e.type)
  t.ok(oldestFirst.length > 55, `${oldestFirst.length} events, oldest first over the API`)
  const browser = await webSession(api, officer)
  const types = (page: string) => [...page.matchAll(/<li data-type="([^"]+)"/g)].map((m) => m[1])
  const first = await browser.get(`/w/tasks/${taskId(1)}?unit=${DISTRICT}`)
  t.equal(first.status, 200)
  t.same(types(first.text), oldestFirst.slice(-50).reverse(), 'page 1: the latest fifty, newest first')
  t.match(first.text, /<li data-type="ReminderSent">[\s\S]*?第55次催办/, 'the latest reminder on top')
  t.match(first.text, `reversed start="${oldestFirst.length}"`, 'numbered down from the count')
  t.match(first.text, `共 ${oldestFirst.length} 条`)
  t.match(first.text, '最新的在前，更早的见后页')
  const second = await browser.get(`/w/tasks/${taskId(1)}?unit=${DISTRICT}&page=2`)
  t.same(types(second.text), oldestFirst.slice(0, -50).reverse(), 'page 2: the older ones, down to the first')
})

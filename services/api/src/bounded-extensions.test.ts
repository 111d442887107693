/**
 * Bounded extensions over HTTP: no assignment or obligation extension beyond its task's
 * deadline; no task deadline beyond the plan period unless the plan is amended (计划调整) by an
 * explicit, reasoned event. Every refusal is problem+json and writes nothing.
 */
import t from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer, type TestServer } from './testing/test-server'

const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

t.test('a task deadline stays within the plan period until the plan is amended', async (t) => {
  const api = await startTestServer(t) // today 2023-06-15
  t.equal((await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })).status, 201)
  t.equal((await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })).status, 201)
  const extend = (newDeadline: string, headers = supervisionOffice) =>
    api.request('POST', `/tasks/${taskBody.taskId}/deadline-extensions`, {
      body: { newDeadline, reason: '项目建设周期延长' },
      headers,
    })
  const amend = (body: Record<string, unknown>, headers = supervisionOffice) =>
    api.request('POST', `/plans/${planBody.planId}/amendments`, { body, headers })

  const before = await head(api)
  const beyond = await extend('2025-06-30')
  t.equal(beyond.status, 422)
  t.match(beyond.headers.get('content-type'), /application\/problem\+json/)
  t.match(beyond.body, { detail: /after its plan period ends \(2024-12-31\); amend the plan first/ })
  t.equal((await amend({ amendmentId: 'a1', periodTo: 2025 }, unitUser(LEAD_UNIT))).status, 403, 'a unit')
  t.equal((await amend({ amendmentId: 'a1', periodTo: 2025 })).status, 400, 'no reason: refused')
  t.equal((await amend({ amendmentId: 'a1', periodTo: 2024, reason: '调整' })).status, 422, 'not longer')
  t.equal(await head(api), before, 'nothing written')

  const amended = await amend({ amendmentId: 'a1', periodTo: 2025, reason: '市政府常务会议决定延长至2025年' })
  t.equal(amended.status, 201)
  t.match(amended.body, {
    events: [{ type: 'PlanPeriodAmended', data: { previousPeriod: { to: 2024 }, period: { to: 2025 } } }],
  })
  const plan = await api.request('GET', `/plans/${planBody.planId}`, { headers: supervisionOffice })
  t.match(plan.body, { plan: { period: { from: 2022, to: 2025 } } })
  const within = await extend('2025-06-30')
  t.equal(within.status, 201, 'within the amended period')
  t.match(within.body, {
    events: [
      { type: 'TaskDeadlineExtended', data: { previousDeadline: '2024-12-31', newDeadline: '2025-06-30' } },
    ],
  })
  t.equal((await extend('2026-01-05')).status, 422, 'still not beyond the amended period')
})

t.test("an assignment's extension never passes its task's deadline", async (t) => {
  const api = await startTestServer(t)
  t.equal((await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })).status, 201)
  t.equal((await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })).status, 201)
  const assignment = `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
  t.equal(
    (
      await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
        body: { unitId: LEAD_UNIT, role: 'lead' },
        headers: supervisionOffice,
      })
    ).status,
    201,
  )
  const before = await head(api)
  const request = await api.request('POST', `${assignment}/extensions`, {
    body: { requestId: 'x1', requestedDueDate: '2025-03-31', reason: '项目延后' },
    headers: unitUser(LEAD_UNIT),
  })
  t.equal(request.status, 422)
  t.match(request.body, { detail: /after task cq2022-trade.t1's deadline 2024-12-31; extend the task first/ })
  t.equal(await head(api), before, 'nothing written')
})

/**
 * Figures that count, over real HTTP against a real SQLite log: a report's figures change no
 * actual before the office accepts it; on a shared task the lead unit's figure is the actual
 * and a co-unit's is a contribution beside it; the office corrects a past period's actual
 * (bitemporal), and bad corrections are refused with problem+json and write nothing.
 */
import t, { type Test } from 'tap'
import { CO_UNIT, LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer, type TestServer } from './testing/test-server'

const target = {
  id: 'clusters',
  text: '全市培育20个外向型产业聚集区',
  kind: 'level',
  comparator: 'at_least',
  value: 20,
  unit: '个',
  baseline: { year: 2021, value: 8 },
}
const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

async function givenSharedTask(t: Test, api: TestServer) {
  t.equal((await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })).status, 201)
  const task = { ...taskBody, targets: [target] }
  t.equal((await api.request('POST', '/tasks', { body: task, headers: supervisionOffice })).status, 201)
  for (const [unitId, role] of [
    [LEAD_UNIT, 'lead'],
    [CO_UNIT, 'co'],
  ] as const) {
    const assigned = await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
      body: { unitId, role },
      headers: supervisionOffice,
    })
    t.equal(assigned.status, 201)
    const acknowledged = await api.request(
      'POST',
      `/tasks/${taskBody.taskId}/assignments/${unitId}/acknowledge`,
      {
        body: {},
        headers: unitUser(unitId),
      },
    )
    t.equal(acknowledged.status, 200)
  }
}

const report = (api: TestServer, unitId: string, reportId: string, value: number) =>
  api.request('POST', `/tasks/${taskBody.taskId}/assignments/${unitId}/reports`, {
    body: {
      reportId,
      narrative: '本季度聚集区认定情况。',
      evidence: [],
      indicatorValues: [{ targetId: 'clusters', value, period: '2023-Q1' }],
    },
    headers: unitUser(unitId),
  })
const review = (api: TestServer, unitId: string, reportId: string, verdict: 'accept' | 'return') =>
  api.request('POST', `/tasks/${taskBody.taskId}/assignments/${unitId}/reports/${reportId}/${verdict}`, {
    body: verdict === 'return' ? { reason: '数据口径不符' } : {},
    headers: supervisionOffice,
  })

interface IndicatorBody {
  indicators: {
    targetId: string
    actuals: { period: string; value: number; unitId: string; source: string; businessDate: string }[]
    contributions: { unitId: string; period: string; value: number }[]
  }[]
}
const indicator = async (api: TestServer, asOf?: string) => {
  const query = asOf ? `?asOf=${asOf}` : ''
  const response = await api.request('GET', `/views/plans/${planBody.planId}/indicators${query}`, {
    headers: supervisionOffice,
  })
  t.equal(response.status, 200)
  return (response.body as IndicatorBody).indicators.find((i) => i.targetId === 'clusters')!
}

t.test('a report with figures changes no actual until the office accepts it', async (t) => {
  const api = await startTestServer(t)
  await givenSharedTask(t, api)
  t.equal((await report(api, LEAD_UNIT, 'r1', 99)).status, 201)
  t.same((await indicator(api)).actuals, [], 'submitted: the indicator view is unchanged')
  t.equal((await review(api, LEAD_UNIT, 'r1', 'return')).status, 200)
  t.same((await indicator(api)).actuals, [], 'returned: still unchanged')
  t.equal((await report(api, LEAD_UNIT, 'r2', 11)).status, 201)
  t.same((await indicator(api)).actuals, [], 'resubmitted, awaiting review: unchanged')
  t.equal((await review(api, LEAD_UNIT, 'r2', 'accept')).status, 200)
  t.match((await indicator(api)).actuals, [
    { period: '2023-Q1', value: 11, unitId: LEAD_UNIT, source: 'report' },
  ])
  t.equal((await indicator(api)).actuals.length, 1, 'the returned figure never became an actual')
})

t.test("on a shared task the lead unit's figure is the actual; a co-unit's a contribution", async (t) => {
  const api = await startTestServer(t)
  await givenSharedTask(t, api)
  t.equal((await report(api, LEAD_UNIT, 'r1', 11)).status, 201)
  t.equal((await report(api, CO_UNIT, 'c1', 3)).status, 201)
  t.equal((await review(api, CO_UNIT, 'c1', 'accept')).status, 200)
  const coOnly = await indicator(api)
  t.same(coOnly.actuals, [], "a co-unit's accepted figure is not the task's actual")
  t.match(coOnly.contributions, [{ unitId: CO_UNIT, period: '2023-Q1', value: 3 }])
  t.equal((await review(api, LEAD_UNIT, 'r1', 'accept')).status, 200)
  const both = await indicator(api)
  t.same(
    both.actuals.map((a) => [a.unitId, a.value]),
    [[LEAD_UNIT, 11]],
    'the lead unit’s figure, never a sum',
  )
  t.match(both.contributions, [{ unitId: CO_UNIT, value: 3 }])
})

t.test('the office corrects a past period: recorded now, speaking of the period', async (t) => {
  const api = await startTestServer(t)
  await givenSharedTask(t, api)
  t.equal((await report(api, LEAD_UNIT, 'r1', 11)).status, 201)
  t.equal((await review(api, LEAD_UNIT, 'r1', 'accept')).status, 200)
  const path = `/tasks/${taskBody.taskId}/indicators/clusters/corrections`
  const corrected = await api.request('POST', path, {
    body: { correctionId: 'k1', period: '2023-Q1', value: 12, reason: '统计部门核定数据' },
    headers: supervisionOffice,
  })
  t.equal(corrected.status, 201)
  t.match(corrected.body, {
    events: [{ type: 'IndicatorActualCorrected', metadata: { businessDate: '2023-03-31' } }],
  })
  const now = await indicator(api)
  t.match(now.actuals, [{ period: '2023-Q1', value: 12, source: 'correction', businessDate: '2023-03-31' }])
})

t.test('bad corrections: problem+json, nothing written', async (t) => {
  const api = await startTestServer(t)
  await givenSharedTask(t, api)
  const before = await head(api)
  const path = (targetId: string) => `/tasks/${taskBody.taskId}/indicators/${targetId}/corrections`
  const body = { correctionId: 'k1', period: '2023-Q1', value: 12, reason: '核定' }
  const cases: [string, string, Record<string, unknown>, Record<string, string>, number][] = [
    ['an unknown target', path('nope'), body, supervisionOffice, 404],
    [
      'a period not yet over (today is 2023-06-15)',
      path('clusters'),
      { ...body, period: '2023-Q3' },
      supervisionOffice,
      422,
    ],
    ['a period that is not one', path('clusters'), { ...body, period: '2023-Q5' }, supervisionOffice, 400],
    ['no reason', path('clusters'), { ...body, reason: '' }, supervisionOffice, 400],
    ['a unit, not the office', path('clusters'), body, unitUser(LEAD_UNIT), 403],
  ]
  for (const [what, url, payload, headers, status] of cases) {
    const response = await api.request('POST', url, { body: payload, headers })
    t.equal(response.status, status, what)
    t.match(response.headers.get('content-type'), /application\/problem\+json/, `${what}: problem+json`)
  }
  const unknownTask = await api.request('POST', `/tasks/nope.t9/indicators/clusters/corrections`, {
    body,
    headers: supervisionOffice,
  })
  t.equal(unknownTask.status, 404, 'an unknown task')
  t.equal(await head(api), before, 'nothing written')
})

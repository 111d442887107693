/**
 * Units over time over HTTP: an assignment names a unit that exists on its date. An unknown id,
 * a unit not yet created or one that ceased gets a 422 problem+json naming the closest known
 * units, and nothing is written.
 */
import { fixedClock } from '@duban/ledger'
import t, { type Test } from 'tap'
import { planBody, supervisionOffice, taskBody } from './testing/fixtures'
import { startTestServer, type TestServer } from './testing/test-server'

const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

async function givenTaskForAllDistricts(t: Test, api: TestServer, plan = planBody) {
  t.equal((await api.request('POST', '/plans', { body: plan, headers: supervisionOffice })).status, 201)
  const task = { ...taskBody, planId: plan.planId, allDistricts: true }
  t.equal((await api.request('POST', '/tasks', { body: task, headers: supervisionOffice })).status, 201)
}

const assign = (api: TestServer, unitId: string) =>
  api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
    body: { unitId, role: 'district' },
    headers: supervisionOffice,
  })

t.test(
  '2023: a made-up id and the not-yet-existing district 两江新区 are refused; 江北区 is assigned',
  async (t) => {
    const api = await startTestServer(t) // today 2023-06-15
    await givenTaskForAllDistricts(t, api)
    const before = await head(api)

    const madeUp = await assign(api, 'cq-jiangbie')
    t.equal(madeUp.status, 422)
    t.match(madeUp.headers.get('content-type'), /application\/problem\+json/)
    t.match(madeUp.body, {
      type: 'https://duban.dev/problems/domain-rule',
      detail: /cq-jiangbie is not in the unit directory \(as of 2023-06-15\)/,
      closest: [{ id: 'cq-jiangbei', name: '江北区' }],
    })

    const notYet = await assign(api, 'cq-liangjiangqu')
    t.equal(notYet.status, 422)
    t.match(notYet.body, { detail: /does not exist yet/ })
    t.equal(await head(api), before, 'nothing written')

    t.equal((await assign(api, 'cq-jiangbei')).status, 201, '江北区 exists in 2023')
  },
)

t.test('2026: 江北区 ceased on 2025-11-06; the district 两江新区 is assigned', async (t) => {
  const api = await startTestServer(t, { clock: fixedClock('2026-03-02T02:00:00Z') })
  await givenTaskForAllDistricts(t, api, { ...planBody, period: { from: 2025, to: 2027 } })
  const before = await head(api)
  const ceased = await assign(api, 'cq-jiangbei')
  t.equal(ceased.status, 422)
  t.match(ceased.body, { detail: /cq-jiangbei ceased to exist on 2025-11-06/ })
  t.notOk(
    (ceased.body as { closest: { id: string }[] }).closest.some((unit) => unit.id === 'cq-jiangbei'),
    'a gone unit is never suggested',
  )
  t.equal(await head(api), before, 'nothing written')
  t.equal((await assign(api, 'cq-liangjiangqu')).status, 201)
})

t.test(
  'names resolve as of a date: 两江新区 in 2023 the development zone, in 2026 the district',
  async (t) => {
    const in2026 = await startTestServer(t, { clock: fixedClock('2026-03-02T02:00:00Z') })
    const view = (api: TestServer, query = '') =>
      api.request('GET', `/views/units/${encodeURIComponent('两江新区')}${query}`, {
        headers: supervisionOffice,
      })
    const now = await view(in2026)
    t.equal(now.status, 200)
    t.match(now.body, { unitId: 'cq-liangjiangqu' }, 'today (2026): the district')
    const then = await view(in2026, '?asOf=2023-06-01')
    t.equal(then.status, 200)
    t.match(then.body, { unitId: 'cq-liangjiang' }, 'as of 2023: the development zone')
  },
)

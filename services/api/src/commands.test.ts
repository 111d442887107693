/**
 * The command endpoints over real HTTP against a real SQLite log: optimistic concurrency,
 * idempotent retries, and the workflow slice of registering, assigning, reporting, reviewing.
 */
import t, { type Test } from 'tap'
import { acknowledgeLeadAssignment } from './testing/acknowledged-assignment'
import { LEAD_UNIT, planBody, reportBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer, type TestServer } from './testing/test-server'

async function givenAssignedTask(t: Test, api: TestServer) {
  t.equal((await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })).status, 201)
  t.equal((await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })).status, 201)
  const assigned = await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
    body: { unitId: LEAD_UNIT, role: 'lead' },
    headers: supervisionOffice,
  })
  t.equal(assigned.status, 201, 'assigned')
  return `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
}

t.test('register a plan: 201, the event, and the stream version as ETag', async (t) => {
  const api = await startTestServer(t)
  const response = await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  t.equal(response.status, 201)
  t.equal(response.headers.get('etag'), '"1"')
  t.match(response.body, {
    streamId: 'plan-cq2022-trade',
    version: 1,
    events: [{ type: 'PlanRegistered', streamVersion: 1, metadata: { actor: 'ducha-01' } }],
  })
  const read = await api.request('GET', '/plans/cq2022-trade', { headers: supervisionOffice })
  t.equal(read.status, 200)
  t.match(read.body, { version: 1, plan: { title: planBody.title, status: 'registered' } })
})

t.test('the lifecycle slice: assign, acknowledge, report, return, report again, accept', async (t) => {
  const api = await startTestServer(t)
  const assignment = await givenAssignedTask(t, api)
  const lead = unitUser(LEAD_UNIT)
  t.equal((await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: lead })).status, 200)
  t.equal(
    (await api.request('POST', `${assignment}/reports`, { body: reportBody('r1'), headers: lead })).status,
    201,
  )
  const returned = await api.request('POST', `${assignment}/reports/r1/return`, {
    body: { reason: '缺少聚集区认定文件' },
    headers: supervisionOffice,
  })
  t.equal(returned.status, 200)
  t.match(returned.body, { events: [{ type: 'ProgressReportReturned', data: { reportId: 'r1' } }] })
  t.equal(
    (await api.request('POST', `${assignment}/reports`, { body: reportBody('r2'), headers: lead })).status,
    201,
  )
  const accepted = await api.request('POST', `${assignment}/reports/r2/accept`, {
    body: {},
    headers: supervisionOffice,
  })
  t.equal(accepted.status, 200)

  const history = await api.request('GET', `/tasks/${taskBody.taskId}`, { headers: supervisionOffice })
  t.equal(history.status, 200)
  const types = (history.body as { history: { type: string }[] }).history.map((event) => event.type)
  t.same(types, [
    'TaskRegistered',
    'TaskAssigned',
    'AssignmentAcknowledged',
    'ProgressReportSubmitted',
    'ProgressReportReturned',
    'ProgressReportSubmitted',
    'ProgressReportAccepted',
  ])
})

t.test(
  'two writers with the same If-Match: exactly one wins, the other gets 409 with the current version',
  async (t) => {
    const api = await startTestServer(t)
    const assignment = await givenAssignedTask(t, api)
    const lead = unitUser(LEAD_UNIT)
    const acknowledged = await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: lead })
    const version = acknowledged.headers.get('etag')!
    const [first, second] = await Promise.all(
      ['r1', 'r2'].map((id) =>
        api.request('POST', `${assignment}/reports`, {
          body: reportBody(id),
          headers: { ...lead, 'if-match': version },
        }),
      ),
    )
    const statuses = [first!.status, second!.status].sort()
    t.same(statuses, [201, 409], 'one created, one conflict')
    const loser = first!.status === 409 ? first! : second!
    t.equal(loser.headers.get('content-type'), 'application/problem+json; charset=utf-8')
    t.match(loser.body, { status: 409, currentVersion: 3, expectedVersion: 2 })

    const history = await api.request('GET', `/tasks/${taskBody.taskId}`, { headers: supervisionOffice })
    const reports = (history.body as { history: { type: string }[] }).history.filter(
      (event) => event.type === 'ProgressReportSubmitted',
    )
    t.equal(reports.length, 1, 'nothing lost, nothing duplicated')
  },
)

t.test('a command retried with the same Idempotency-Key: one set of events, the same response', async (t) => {
  const api = await startTestServer(t)
  const assignment = await givenAssignedTask(t, api)
  const headers = { ...unitUser(LEAD_UNIT), 'idempotency-key': 'report-2023-q2-attempt' }
  await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unitUser(LEAD_UNIT) })
  const first = await api.request('POST', `${assignment}/reports`, { body: reportBody('r1'), headers })
  const retry = await api.request('POST', `${assignment}/reports`, { body: reportBody('r1'), headers })
  t.equal(first.status, 201)
  t.equal(retry.status, 201)
  t.equal(retry.text, first.text, 'byte for byte the same body')
  t.equal(retry.headers.get('etag'), first.headers.get('etag'))
  t.equal(retry.headers.get('idempotent-replayed'), 'true')
  const health = await api.request('GET', '/health/ready')
  t.equal(
    (health.body as { store: { headPosition: number } }).store.headPosition,
    5,
    'no second report event',
  )
})

t.test('domain refusals are problems: a unit reporting on another unit’s assignment gets 403', async (t) => {
  const api = await startTestServer(t)
  const assignment = await givenAssignedTask(t, api)
  const response = await api.request('POST', `${assignment}/reports`, {
    body: reportBody('r1'),
    headers: unitUser('cq-fazhangaigewei'),
  })
  t.equal(response.status, 403)
  t.match(response.body, { type: 'https://duban.dev/problems/forbidden', detail: /cq-shangwuwei/ })
})

t.test(
  'a command from a route writes its fields in the schema order, whatever order the body sent',
  async (t) => {
    const api = await startTestServer(t)
    const assignment = await acknowledgeLeadAssignment(api)
    const lead = unitUser(LEAD_UNIT)
    const body = { evidence: ['doc://2023/q2/report.pdf'], narrative: '本季度推进顺利。', reportId: 'r1' }
    const reported = await api.request('POST', `${assignment}/reports`, { body, headers: lead })
    t.equal(reported.status, 201)
    const { events } = reported.body as { events: { data: Record<string, unknown> }[] }
    t.same(
      Object.keys(events[0]!.data),
      ['taskId', 'unitId', 'reportId', 'narrative', 'indicatorValues', 'evidence'],
      'ids first, then the fields as the command schema lists them; defaults filled in',
    )
  },
)

/** /health and /health/ready answer, and the OpenAPI document is generated from the routes' zod schemas. */
import t from 'tap'
import { startTestServer } from './testing/test-server'

t.test('GET /health is liveness alone: the status, nothing read from the store', async (t) => {
  const api = await startTestServer(t)
  const response = await api.request('GET', '/health')
  t.equal(response.status, 200)
  t.equal(response.headers.get('content-type'), 'application/json; charset=utf-8')
  t.same(response.body, { status: 'ok' })
})

t.test('GET /health/ready answers 503 problem+json when the store cannot be reached', async (t) => {
  const api = await startTestServer(t)
  const store = api.logGuard.store
  const headPosition = store.headPosition
  store.headPosition = async () => {
    throw new Error('connection refused')
  }
  t.teardown(() => {
    store.headPosition = headPosition
  })
  const ready = await api.request('GET', '/health/ready')
  t.equal(ready.status, 503)
  t.equal(ready.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  t.match(ready.body, { type: 'https://duban.dev/problems/storage-unavailable', detail: /事件存储/ })
  t.same((await api.request('GET', '/health')).body, { status: 'ok' }, 'liveness does not ask the store')
})

t.test('GET /health/ready reports the store and the ledger clock', async (t) => {
  const api = await startTestServer(t)
  const response = await api.request('GET', '/health/ready')
  t.equal(response.status, 200)
  const { projections, log, delivery, ...rest } = response.body as {
    projections: { name: string; lag: number }[]
    log: { integrity: string }
    delivery?: unknown
  }
  t.same(rest, {
    status: 'ok',
    now: '2023-06-15T02:00:00.000Z',
    store: { kind: 'sqlite', headPosition: 0 },
    readModels: { position: 0, lag: 0 },
  })
  t.equal(log.integrity, 'ok', "the log's own check")
  t.ok(projections.length > 0 && projections.every((p) => p.lag === 0), 'each read model and its lag')
})

t.test('GET /docs/json is an OpenAPI document of every command route', async (t) => {
  const api = await startTestServer(t)
  const response = await api.request('GET', '/docs/json')
  t.equal(response.status, 200)
  const document = response.body as {
    openapi: string
    paths: Record<string, Record<string, { requestBody?: unknown }>>
  }
  t.match(document.openapi, /^3\./)
  for (const path of [
    '/plans',
    '/tasks',
    '/tasks/{taskId}/assignments',
    '/tasks/{taskId}/assignments/{unitId}/reports',
    '/tasks/{taskId}/assignments/{unitId}/reports/{reportId}/accept',
    '/tasks/{taskId}/assignments/{unitId}/reports/{reportId}/return',
  ]) {
    t.ok(document.paths[path]?.post?.requestBody, `${path} documents its body`)
  }
  const reportBody = JSON.stringify(
    document.paths['/tasks/{taskId}/assignments/{unitId}/reports']?.post?.requestBody,
  )
  t.match(reportBody, /narrative/, 'the body schema comes from the domain command')
  t.notMatch(reportBody, /"unitId"/, 'ids taken from the path are not in the body')
  const ui = await api.request('GET', '/docs')
  t.ok([200, 302].includes(ui.status), 'the UI is served')
})

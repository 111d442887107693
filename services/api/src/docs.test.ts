/** /health answers, and the OpenAPI document is generated from the routes' zod schemas. */
import t from 'tap'
import { startTestServer } from './testing/test-server'

t.test('GET /health reports the store and the ledger clock', async (t) => {
  const api = await startTestServer(t)
  const response = await api.request('GET', '/health')
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

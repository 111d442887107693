/**
 * Overload: 200 connections at once against a server allowed 8 requests in flight. The excess is
 * refused at once with 503 problem+json and Retry-After (none left hanging), /health answers
 * throughout, and once the burst is over requests are served again.
 */
import http from 'node:http'
import t from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody } from './testing/fixtures'
import { startTestServer } from './testing/test-server'

t.test('200 connections: quick 503s with Retry-After, /health served, then recovery', async (t) => {
  const api = await startTestServer(t, { overload: { maxInFlight: 8, maxEventLoopDelayMs: 200 } })
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
  await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
    body: { unitId: LEAD_UNIT, role: 'lead' },
    headers: supervisionOffice,
  })
  const token = await api.tokenFor({
    id: 'ducha-01',
    unitId: 'cq-zhengfubangongting',
    roles: ['supervision_officer'],
  })
  // A socket per request, as 200 clients would open.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 300 })
  t.teardown(() => agent.destroy())
  const get = (path: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = http.get(
        `${api.url}${path}`,
        { agent, headers: { authorization: `Bearer ${token}` } },
        (response) => {
          let body = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => {
            body += chunk
          })
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }))
        },
      )
      request.on('error', reject)
    })

  const burst = Array.from({ length: 200 }, () => get(`/views/units/${LEAD_UNIT}`))
  const health = get('/health')
  const answers = await Promise.all(burst)
  const healthAnswer = await health

  const byStatus = new Map<number, number>()
  for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1)
  const statuses = JSON.stringify([...byStatus])
  t.ok(
    [...byStatus.keys()].every((status) => status === 200 || status === 503),
    `every request answered, 200 or 503: ${statuses}`,
  )
  t.ok((byStatus.get(503) ?? 0) > 0, 'the excess refused')
  const refused = answers.find((answer) => answer.status === 503)!
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After')
  t.match(JSON.parse(refused.body), { type: 'https://duban.dev/problems/overloaded', detail: /繁忙/ })
  t.equal(healthAnswer.status, 200, '/health answered during the burst')

  // A client that honours Retry-After gets served once the burst is over.
  let after = await get(`/views/units/${LEAD_UNIT}`)
  for (let tries = 0; after.status === 503 && tries < 5; tries++) {
    t.comment(`still refused: ${JSON.parse(after.body).reason}`)
    await new Promise((resolve) => setTimeout(resolve, Number(after.headers['retry-after']) * 1000))
    after = await get(`/views/units/${LEAD_UNIT}`)
  }
  t.equal(after.status, 200, 'served again once the burst is over')
})

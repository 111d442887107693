/**
 * Overload: 200 connections at once, each sending a durable write, against the server as a real
 * process allowed 8 requests in flight. The server is stopped (SIGSTOP) while the 200 clients
 * connect and send, then continued: the whole burst arrives at once, faster than it can be
 * served — as after a pause or a surge. The excess is refused at once with 503 problem+json
 * and Retry-After — every request is answered, none hangs — /health answers during the burst,
 * a refused write wrote nothing, and once the burst is over writes are served again.
 */
import http from 'node:http'
import t from 'tap'
import { givenAcknowledgedAssignment } from './testing/acknowledged-assignment'
import { ApiProcess } from './testing/api-process'
import { reportBody, taskBody } from './testing/fixtures'

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

t.test('200 connections: quick 503s with Retry-After, /health served, then recovery', async (t) => {
  const { dataDir, token, assignment } = await givenAcknowledgedAssignment(t, 'overload')

  const server = new ApiProcess({ DUBAN_DATA_DIR: dataDir, DUBAN_MAX_IN_FLIGHT: '8' })
  t.teardown(() => {
    server.kill('SIGCONT')
    server.kill('SIGKILL')
  })
  const url = await server.url

  // A socket per request, as 200 clients would open.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 300 })
  t.teardown(() => agent.destroy())
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        `${url}${path}`,
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
        },
        (response) => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => {
            text += chunk
          })
          response.on('end', () =>
            resolve({ status: response.statusCode!, headers: response.headers, body: text }),
          )
        },
      )
      request.on('error', reject)
      request.end(body === undefined ? undefined : JSON.stringify(body))
    })

  const burst = Array.from({ length: 200 }, (_, i) =>
    send('POST', `${assignment}/reports`, reportBody(`b${i}`)),
  )
  const health = send('GET', '/health')
  const answers = await Promise.all(burst)
  const healthAnswer = await health

  const byStatus = new Map<number, number>()
  for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1)
  const statuses = JSON.stringify([...byStatus])
  t.ok(
    [...byStatus.keys()].every((status) => status === 201 || status === 503),
    `every request answered, 201 or 503: ${statuses}`,
  )
  t.ok((byStatus.get(503) ?? 0) > 0, 'the excess refused')
  const refused = answers.find((answer) => answer.status === 503)!
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After')
  t.match(JSON.parse(refused.body), { type: 'https://duban.dev/problems/overloaded', detail: /繁忙/ })
  t.equal(healthAnswer.status, 200, '/health answered during the burst')

  // A client that honours Retry-After gets served once the burst is over.
  let after = await send('POST', `${assignment}/reports`, reportBody('after'))
  for (let tries = 0; after.status === 503 && tries < 5; tries++) {
    await new Promise((resolve) => setTimeout(resolve, Number(after.headers['retry-after']) * 1000))
    after = await send('POST', `${assignment}/reports`, reportBody('after'))
  }
  t.equal(after.status, 201, 'served again once the burst is over')

  const history = JSON.parse((await send('GET', `/tasks/${taskBody.taskId}`)).body) as {
    history: { type: string }[]
  }
  const reports = history.history.filter((event) => event.type === 'ProgressReportSubmitted')
  t.equal(reports.length, (byStatus.get(201) ?? 0) + 1, 'a report for each 201, none for a 503')
})

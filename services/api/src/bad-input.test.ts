/**
 * Bad input never changes the log: every case answers 4xx application/problem+json and the
 * head position stays where it was.
 */
import net from 'node:net'
import t from 'tap'
import { LEAD_UNIT, planBody, reportBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer } from './testing/test-server'

t.test('bad requests are refused with problem+json and write nothing', async (t) => {
  const api = await startTestServer(t, { bodyLimit: 16_384 })
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
  const head = async () =>
    ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store
      .headPosition
  const before = await head()
  t.equal(before, 2)

  const json = { 'content-type': 'application/json' }
  const cases: {
    name: string
    method: string
    path: string
    status: number
    rawBody?: string
    body?: unknown
    headers: Record<string, string>
  }[] = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/plans',
      rawBody: '{"planId": "x",',
      headers: { ...supervisionOffice, ...json },
      status: 400,
    },
    {
      name: 'wrong types',
      method: 'POST',
      path: '/plans',
      body: { ...planBody, planId: 'p2', period: { from: '2022', to: 2024 } },
      headers: supervisionOffice,
      status: 400,
    },
    {
      name: 'unknown field',
      method: 'POST',
      path: '/plans',
      body: { ...planBody, planId: 'p2', budget: 1 },
      headers: supervisionOffice,
      status: 400,
    },
    {
      name: 'missing field',
      method: 'POST',
      path: '/plans',
      body: { planId: 'p2' },
      headers: supervisionOffice,
      status: 400,
    },
    {
      name: 'oversize body',
      method: 'POST',
      path: '/plans',
      body: { ...planBody, planId: 'p2', title: '长'.repeat(20_000) },
      headers: supervisionOffice,
      status: 413,
    },
    {
      name: 'not JSON',
      method: 'POST',
      path: '/plans',
      rawBody: 'planId=p2',
      headers: { ...supervisionOffice, 'content-type': 'text/plain' },
      status: 415,
    },
    {
      name: 'no acting user',
      method: 'POST',
      path: '/plans',
      body: { ...planBody, planId: 'p2' },
      headers: {},
      status: 401,
    },
    {
      name: 'bad If-Match',
      method: 'POST',
      path: '/plans',
      body: { ...planBody, planId: 'p2' },
      headers: { ...supervisionOffice, 'if-match': 'yesterday' },
      status: 400,
    },
    {
      name: 'task of an unknown plan',
      method: 'POST',
      path: '/tasks',
      body: { ...taskBody, taskId: 't9', planId: 'nope' },
      headers: supervisionOffice,
      status: 404,
    },
    {
      name: 'assign an unknown task',
      method: 'POST',
      path: '/tasks/nope/assignments',
      body: { unitId: LEAD_UNIT, role: 'lead' },
      headers: supervisionOffice,
      status: 404,
    },
    {
      name: 'report on an unknown assignment',
      method: 'POST',
      path: `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}/reports`,
      body: reportBody('r1'),
      headers: unitUser(LEAD_UNIT),
      status: 404,
    },
    {
      name: 'accept an unknown report',
      method: 'POST',
      path: `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}/reports/r404/accept`,
      body: {},
      headers: supervisionOffice,
      status: 404,
    },
    {
      name: 'an id that is not an id',
      method: 'GET',
      path: '/plans/%E4%B8%8D%20ok',
      headers: supervisionOffice,
      status: 400,
    },
    {
      name: 'an unknown plan',
      method: 'GET',
      path: '/plans/unknown-plan',
      headers: supervisionOffice,
      status: 404,
    },
    {
      name: 'an unknown task',
      method: 'GET',
      path: '/tasks/unknown-task',
      headers: supervisionOffice,
      status: 404,
    },
    { name: 'an unknown route', method: 'GET', path: '/nowhere', headers: {}, status: 404 },
  ]
  for (const c of cases) {
    const response = await api.request(c.method, c.path, {
      headers: c.headers,
      ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
      ...(c.body !== undefined ? { body: c.body } : {}),
    })
    t.equal(response.status, c.status, `${c.name}: status`)
    t.match(response.headers.get('content-type'), /^application\/problem\+json/, `${c.name}: problem+json`)
    t.match(
      response.body,
      { type: /^https:\/\/duban\.dev\/problems\//, status: c.status, title: String },
      `${c.name}: problem body`,
    )
  }
  t.equal(await head(), before, 'the log did not change')
})

/** Sends raw bytes and reads the raw answer: for requests no HTTP client would send. */
function rawRequest(
  url: string,
  bytes: string,
): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      answer += chunk
    })
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n')
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        contentType: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '',
        body,
      })
    })
  })
}

t.test('every error status is problem+json, including those before the router', async (t) => {
  const api = await startTestServer(t, { bodyLimit: 16_384 })
  const problemJson = /^application\/problem\+json/

  const malformed = await rawRequest(api.url, 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')
  t.equal(malformed.status, 400, 'malformed request: 400')
  t.match(malformed.contentType, problemJson)
  t.match(JSON.parse(malformed.body), { type: 'https://duban.dev/problems/bad-request', status: 400 })

  const huge = await rawRequest(
    api.url,
    `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  )
  t.equal(huge.status, 431, 'headers too large: 431')
  t.match(huge.contentType, problemJson)
  t.match(JSON.parse(huge.body), { type: 'https://duban.dev/problems/headers-too-large' })

  const longUrl = await api.request('GET', `/plans/${'p'.repeat(5000)}`, { headers: supervisionOffice })
  t.equal(longUrl.status, 414, 'URL too long: 414')
  t.match(longUrl.headers.get('content-type'), problemJson)

  const wrongMethod = await api.request('DELETE', '/plans', { headers: supervisionOffice })
  t.equal(wrongMethod.status, 405, 'wrong method on a route: 405')
  t.match(wrongMethod.headers.get('content-type'), problemJson)
  t.match(wrongMethod.headers.get('allow'), /POST/)

  const nowhere = await api.request('GET', '/nowhere', { headers: supervisionOffice })
  t.equal(nowhere.status, 404)
  t.match(nowhere.headers.get('content-type'), problemJson)

  const textBody = await api.request('POST', '/plans', {
    rawBody: 'planId=x',
    headers: { ...supervisionOffice, 'content-type': 'text/csv' },
  })
  t.equal(textBody.status, 415, 'unsupported media type: 415')
  t.match(textBody.headers.get('content-type'), problemJson)

  const tooBig = await api.request('POST', '/plans', {
    body: { ...planBody, title: '长'.repeat(20_000) },
    headers: supervisionOffice,
  })
  t.equal(tooBig.status, 413, 'body over the limit: 413')
  t.match(tooBig.headers.get('content-type'), problemJson)
})

t.test('free text: NUL and a lone surrogate refused with 400, writing nothing; NFC stored', async (t) => {
  const api = await startTestServer(t)
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  const head = async () =>
    ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store
      .headPosition
  const before = await head()
  for (const title of ['计划\\u0000', '计划\\ud800']) {
    const response = await api.request('POST', '/tasks', {
      // Written by hand: JSON.stringify would escape a lone surrogate differently.
      rawBody: JSON.stringify({ ...taskBody, title: '' }).replace('"title":""', `"title":"${title}"`),
      headers: { ...supervisionOffice, 'content-type': 'application/json' },
    })
    t.equal(response.status, 400, title)
    t.match(response.body, {
      type: 'https://duban.dev/problems/validation',
      detail: /NUL or a lone surrogate/,
    })
  }
  t.equal(await head(), before, 'nothing written')
  const created = await api.request('POST', '/tasks', {
    body: { ...taskBody, title: 'Cafe\u0301' },
    headers: supervisionOffice,
  })
  t.equal(created.status, 201)
  t.match(created.body, { events: [{ data: { title: 'Caf\u00e9' } }] }, 'stored as NFC')
})

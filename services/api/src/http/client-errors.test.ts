/**
 * A connection that sends no complete request within the headers timeout is answered 408, not
 * 400, and nothing more is read from it. Browsers open a spare connection with each navigation
 * and send the next request on it, maybe after the server's timeout answer already waits there:
 * on 408 they send it again on a new connection, a 400 they show (a browser crawl got one for a
 * page that was fine) — and a request read from the answered connection would run a second time.
 * A real fastify server with the API's handler, its timeouts shortened (server.ts: 10 s headers,
 * Node checks every 30 s), and raw sockets.
 */
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import Fastify from 'fastify'
import t from 'tap'
import { clientErrorHandler } from './client-errors'

const HEADERS_TIMEOUT_MS = 200

async function serverWithShortTimeouts(t: { teardown(fn: () => unknown): void }) {
  const app = Fastify({
    clientErrorHandler,
    http: { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 50 },
  })
  app.all('/*', async () => ({ ok: true }))
  // Every request the server reads, whatever becomes of its answer.
  const read: string[] = []
  app.server.on('request', (request: { method: string; url: string }) =>
    read.push(`${request.method} ${request.url}`),
  )
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return { port: (app.server.address() as AddressInfo).port, read }
}

/** A connection kept open after the server's answer, as a browser keeps a spare one it has not looked at. */
function spareConnection(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true })
  socket.setEncoding('utf8')
  socket.on('error', () => {}) // a write after the server closed may be reset: the answer read before counts
  let received = ''
  const answered = new Promise<void>((resolve) =>
    socket.on('data', (chunk: string) => {
      received += chunk
      if (received.includes('\r\n\r\n')) resolve()
    }),
  )
  return {
    socket,
    answered,
    answer() {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      return {
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        contentType: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '',
        body,
      }
    },
  }
}

async function get(port: number, path: string) {
  return (await fetch(`http://127.0.0.1:${port}${path}`)).status
}

t.test('a connection silent past the headers timeout is answered 408 request-timeout', async (t) => {
  // Given a server, when a connection sends nothing
  const { port } = await serverWithShortTimeouts(t)
  const spare = spareConnection(port)
  await spare.answered
  // Then the answer is 408 problem+json, which a browser takes as "send the request again"
  const answer = spare.answer()
  t.equal(answer.status, 408)
  t.match(answer.contentType, /^application\/problem\+json/)
  t.match(JSON.parse(answer.body), {
    type: 'https://duban.dev/problems/request-timeout',
    status: 408,
    title: 'Request timeout',
  })
  spare.socket.destroy()
})

t.test('a request sent on the answered connection is not run there', async (t) => {
  // Given a connection the server has answered for its timeout, still open at the client's end
  const { port, read } = await serverWithShortTimeouts(t)
  const spare = spareConnection(port)
  await spare.answered
  // When the client sends a form on it, then the same request on a new connection (what a browser does after 408)
  spare.socket.write('POST /w/forms/report HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\nhi')
  await new Promise((resolve) => setTimeout(resolve, HEADERS_TIMEOUT_MS))
  t.equal(await get(port, '/w/forms/report?again'), 200, 'the request sent again is answered')
  // Then the server read only the one sent again, and the client had read 408 on the spare connection
  t.same(read, ['GET /w/forms/report?again'])
  t.equal(spare.answer().status, 408)
  spare.socket.destroy()
})

t.test('a request sent in time is answered as usual', async (t) => {
  const { port, read } = await serverWithShortTimeouts(t)
  t.equal(await get(port, '/health'), 200)
  t.same(read, ['GET /health'])
})

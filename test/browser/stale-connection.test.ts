/**
 * Chromium opens a spare connection with each navigation and sends the next page's request on
 * it, even after the server has answered it for its headers timeout (10 s in server.ts) and
 * closed it. With the API's client-error handler the next page still opens: the answer is 408,
 * on which Chromium sends the request again on a new connection. (Answered 400, Chromium showed
 * the 400: the browser crawl got one for a drill-down page after a page that took over 10 s.)
 * Node's own server with the API's handler, its timeout shortened to 300 ms.
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { clientErrorHandler } from '@duban/api'
import t from 'tap'
import { openBrowser } from './harness'

t.test('the next page opens after a pause beyond the headers timeout', async (t) => {
  // Given a server whose headers timeout is short, and Chromium on one of its pages
  const timedOut: string[] = []
  const server = http.createServer(
    { headersTimeout: 300, connectionsCheckingInterval: 50 },
    (request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.end(`<!doctype html><title>${request.url}</title><a href="/next">下一页</a>`)
    },
  )
  // As in server.ts, an idle used connection closes before an unused one times out (Node adds 1 s to this).
  server.keepAliveTimeout = 150
  // The connections still open that carried a request: Chromium would send the next page on them.
  const used = new Set<Socket>()
  server.on('request', (request: http.IncomingMessage) => {
    used.add(request.socket)
    request.socket.once('close', () => used.delete(request.socket))
  })
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') timedOut.push(error.code)
    clientErrorHandler(error, socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { page } = await openBrowser(t)
  t.equal((await page.goto(`${origin}/first`))?.status(), 200)

  // When the person reads the page until the server has closed the connection it came on and
  // timed out Chromium's spare one
  for (let waited = 0; (timedOut.length === 0 || used.size > 0) && waited < 10_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50))
  t.ok(timedOut.length > 0, 'the server answered a connection for its timeout')
  t.equal(used.size, 0, 'no used connection is open')

  // Then the next page opens
  const next = await page.goto(`${origin}/next`)
  t.equal(next?.status(), 200, 'the next page answers 200')
  t.equal(await page.title(), '/next')
})

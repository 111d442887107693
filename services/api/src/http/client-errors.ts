/**
 * Requests Node's HTTP parser refuses before fastify sees them — a malformed request line,
 * headers too large (431), a URL beyond the header limit, no complete request in time (408) —
 * still get application/problem+json. Fastify calls this with the raw socket; the answer is
 * written by hand and the socket closed. No request was read, so no language was asked: the
 * answer is in English, as the API's is by default.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PROBLEM_CONTENT_TYPE, problem } from './problem'

const parserProblems = new Map<string | undefined, () => ReturnType<typeof problem>>([
  ['HPE_HEADER_OVERFLOW', () => problem('headers-too-large', 'the request headers (and URL) are too large')],
  ['HPE_URI_TOO_LONG', () => problem('uri-too-long', 'the request URL is too long')],
  // The headers (or request) timeout of server.ts ran out on a connection — most often a
  // browser's spare one: Chromium opens a second connection with each navigation and sends the
  // next page's request on it, maybe after the timeout, when this answer already waits there.
  // On 408 (as Node and fastify answer a timeout) a browser sends the request again on a new
  // connection; a 400 it shows the person, for a page that was fine.
  [
    'ERR_HTTP_REQUEST_TIMEOUT',
    () => problem('request-timeout', 'no complete request arrived in time on this connection; send it again'),
  ],
])

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = parserProblems.get(error.code)?.() ?? problem('bad-request', 'the request is not valid HTTP')
  const json = JSON.stringify(body)
  const answer = `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status] ?? ''}\r\nconnection: close\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`
  if (body.status === 408) {
    // Nothing more is read from a timed-out connection: a request the browser sends on it after
    // this answer is sent again on a new connection, and must not also run here (a form posted twice).
    socket.write(answer)
    socket.destroy()
  } else socket.end(answer)
}

/**
 * Fastify's own refusals before routing (a path segment that is not valid URL encoding, a path
 * parameter beyond its length limit): problem+json like every other answer.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem('uri-too-long', 'a part of the URL is too long')
      : problem('bad-request', error.message)
  reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...body, instance: request.url })
}

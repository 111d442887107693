/**
 * Requests Node's HTTP parser refuses before fastify sees them — a malformed request line,
 * headers too large (431), a URL beyond the header limit — still get application/problem+json.
 * Fastify calls this with the raw socket; the answer is written by hand and the socket closed.
 */
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PROBLEM_CONTENT_TYPE, problem } from './problem'

const parserProblems: Record<string, () => ReturnType<typeof problem>> = {
  HPE_HEADER_OVERFLOW: () => problem('headers-too-large', 'the request headers (and URL) are too large'),
  HPE_URI_TOO_LONG: () => problem('uri-too-long', 'the request URL is too long'),
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = JSON.stringify(
    (error.code && parserProblems[error.code]?.()) ?? problem('bad-request', 'the request is not valid HTTP'),
  )
  const status = (JSON.parse(body) as { status: number }).status
  const reason =
    { 400: 'Bad Request', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' }[status] ?? ''
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
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

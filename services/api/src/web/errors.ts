/**
 * A refused form is answered with a page a person can read (what was refused and why, and a way
 * back), not JSON. Access denials and everything else still leave as problem+json, via the
 * app's own handler.
 */
import { DomainError } from '@duban/domain'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import { html } from './html'
import { bare } from './layout'

const statusOf = { not_found: 404, conflict: 409, invalid: 422 } as const

export function webErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let status: number
  let detail: string
  if (error instanceof DomainError && error.code !== 'forbidden') {
    status = statusOf[error.code]
    detail = error.message
  } else if (error instanceof ZodError) {
    status = 400
    detail = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('；')
  } else {
    throw error
  }
  request.log.info({ status, detail }, 'form refused')
  return reply
    .code(status)
    .type('text/html')
    .send(
      bare(
        '操作未完成',
        html`<section class="card" data-testid="refused"><h1>操作未完成</h1><p class="error">${detail}</p>
<p><a href="${request.headers.referer?.startsWith('/') ? request.headers.referer : '/'}">返回</a></p></section>`,
      ).value,
    )
}

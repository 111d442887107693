/**
 * Every refusal in the web workspace is a page a person can read, in Chinese, never JSON: a
 * refused form comes back as its own page with what was typed and the message beside the field
 * (form-refill.ts); anything else (403, 404, 409, 413, 429, 5xx) is an error page in the layout
 * that says what happened and what to do. The messages are the API's own zh-CN mapping.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type Problem, problem as problemOf } from '../http/problem'
import { type FieldError, zhFieldErrors, zhProblem } from '../http/zh-cn'
import { STORAGE_RETRY_AFTER_SECONDS, toProblem } from '../plugins/problem-details'
import { pageContext } from './context'
import { refilledPage } from './form-refill'
import { html } from './html'
import { bare, homeOf, type PageContext, page } from './layout'
import type { WebDeps } from './unit-routes'

type ContextDeps = Pick<WebDeps, 'clock' | 'units'>

/** Paths answered with pages, not JSON: the workspace, its sign-in and its home. */
export const isPagePath = (url: string) => {
  const path = url.split('?')[0] ?? ''
  return path.startsWith('/w/') || path === '/' || path === '/login' || path === '/logout'
}

function contextOf(request: FastifyRequest, reply: FastifyReply, deps: ContextDeps): PageContext | undefined {
  if (!request.user) return undefined
  try {
    return pageContext(request, reply, deps)
  } catch {
    // The refusal may be of the page's own query (a bad asOf): show the frame as of today.
    return pageContext(Object.create(request, { query: { value: {} } }) as FastifyRequest, reply, deps)
  }
}

/** The error page: what happened, what to do, the fields' messages, and ways on. */
export function errorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ContextDeps,
  problem: Problem,
  fields: FieldError[],
): string {
  const referer = request.headers.referer
  const back =
    referer && new URL(referer, `http://${request.host}`).host === request.host ? referer : undefined
  const signIn = `/login?next=${encodeURIComponent(request.url)}`
  // A field's own message (e.g. a filter's allowed values) is shown unless the detail says it already.
  const unsaid = fields.filter((f) => !(problem.detail ?? '').includes(f.message))
  const body = html`<section class="card error-page" data-testid="error-page" data-status="${problem.status}">
<p class="error" role="alert">${problem.detail}</p>
${unsaid.length > 0 ? html`<ul class="field-errors">${unsaid.map((f) => html`<li>${f.message}</li>`)}</ul>` : ''}
<p class="error-code muted">错误代码 ${problem.status}</p>
<p class="error-links">
${back ? html`<a href="${back}">返回上一页</a>` : ''}
${problem.status === 401 ? html`<a href="${signIn}">重新登录</a>` : html`<a href="${request.user ? homeOf(request.user) : '/'}">回到首页</a>`}
</p></section>`
  const context = contextOf(request, reply, deps)
  // The as-of box of a refused post goes back to the page it came from, not to the post's path.
  if (context && request.method !== 'GET')
    context.path = back ? new URL(back).pathname : homeOf(request.user!)
  return (
    context ? page(context, problem.title, body) : bare(problem.title, html`<h1>${problem.title}</h1>${body}`)
  ).value
}

/** The web workspace's error handler: a refilled form or an error page, status as the API's. */
export function webErrorHandler(deps: ContextDeps) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = { ...zhProblem(toProblem(error), error), instance: request.url }
    const fields = zhFieldErrors(error)
    if (problem.status >= 500) request.log.error({ err: error }, 'page failed')
    else request.log.info({ status: problem.status, detail: error.message }, 'page refused')
    if (problem.status === 503) reply.header('retry-after', String(STORAGE_RETRY_AFTER_SECONDS))
    const { retryAfterSeconds } = problem as { retryAfterSeconds?: unknown }
    if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds))
    const refilled =
      request.method === 'POST' && problem.status < 500 && problem.status !== 401
        ? await refilledPage(request, problem, fields).catch((refillError: unknown) => {
            request.log.warn({ err: refillError }, 'the refused form could not be shown again')
            return undefined
          })
        : undefined
    return reply
      .code(problem.status)
      .type('text/html; charset=utf-8')
      .send(refilled ?? errorPage(request, reply, deps, problem, fields))
  }
}

/** 404 for a page path no route serves: the same error page, for the root's not-found handler. */
export function webNotFoundPage(deps: ContextDeps) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    if (!isPagePath(request.url)) return undefined
    const notFound = { ...zhProblem(problemOf('not-found'), undefined), instance: request.url }
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(errorPage(request, reply, deps, notFound, []))
  }
}

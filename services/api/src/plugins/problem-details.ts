/**
 * Turns every error into application/problem+json: schema violations, malformed JSON, oversize
 * bodies, domain refusals, concurrency conflicts, unknown routes. Registered with fastify-plugin
 * because the error handler must apply to every route of the app, not just this plugin's scope.
 */
import { DomainError } from '@duban/domain'
import { LogIntegrityError, storeUnavailableFrom, WrongExpectedVersionError } from '@duban/eventstore'
import { ViewError } from '@duban/read-models'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { ZodError } from 'zod'
import { HttpProblem, PROBLEM_CONTENT_TYPE, type Problem, problem } from '../http/problem'
import { enProblem, wantsChinese, zhProblem } from '../http/zh-cn'
import { viewProblem } from '../routes/queries/view-http'

const domainKinds = {
  not_found: 'not-found',
  conflict: 'conflict',
  forbidden: 'forbidden',
  invalid: 'domain-rule',
} as const

/** Said to the person at the desk: in Chinese, and what to do. */
const unavailableDetails = {
  'disk-full': '服务器磁盘空间已满,本次提交未保存。请稍后重试;如持续出现,请联系系统管理员。',
  'io-error': '服务器存储读写出错,本次提交未保存。请稍后重试;如持续出现,请联系系统管理员。',
} as const

/** Seconds a client should wait before retrying a write the storage refused. */
export const STORAGE_RETRY_AFTER_SECONDS = 30

export function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem
  const unavailable = storeUnavailableFrom(error)
  if (unavailable) {
    return problem('storage-unavailable', unavailableDetails[unavailable.reason], {
      reason: unavailable.reason,
    })
  }
  if (error instanceof LogIntegrityError) {
    return problem(
      'log-integrity',
      `事件日志校验未通过,系统已暂停写入,查询仍可使用。请联系系统管理员。(${error.message})`,
    )
  }
  if (error instanceof DomainError) {
    return problem(domainKinds[error.code], error.message, error.details ? { details: error.details } : {})
  }
  // A read model's refusal that a page passed on (a plan that does not exist): its own status, not 500.
  if (error instanceof ViewError) return viewProblem(error)
  if (error instanceof WrongExpectedVersionError) {
    return problem('version-conflict', error.message, {
      streamId: error.streamId,
      expectedVersion: error.expected,
      currentVersion: error.actual,
    })
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      in: error.validationContext,
      path: issue.instancePath || '/',
      message: issue.message,
    }))
    return problem('validation', errors.map((e) => `${e.in} ${e.path}: ${e.message}`).join('; '), { errors })
  }
  if (error instanceof ZodError) {
    const errors = error.issues.map((issue) => ({ path: `/${issue.path.join('/')}`, message: issue.message }))
    return problem('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
  }
  const fastifyError = error as Partial<FastifyError>
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('bad-request', fastifyError.message)
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload-too-large', fastifyError.message)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported-media-type', fastifyError.message)
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return problem('payload-too-large', fastifyError.message)
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return problem('forbidden', `${fastifyError.message}: reload the page and try again`)
  }
  if (error instanceof SyntaxError) return problem('bad-request', `malformed JSON: ${error.message}`)
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { ...problem('bad-request', fastifyError.message), status: fastifyError.statusCode }
  }
  return problem('internal')
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body)
}

/** Longest request target answered; longer ones get 414 (beyond Node's header limit, 431). */
export const MAX_URL_LENGTH = 4096

/** `/tasks/:taskId/assignments` → a pattern matching `/tasks/t1/assignments`. */
const routePattern = (url: string) =>
  new RegExp(
    `^${url
      .split('/')
      .map((part) =>
        part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')}/?$`,
  )

/** The problem in the language the request asks for (zh-CN or English), the same mapping the web pages use. */
export const problemFor = (request: FastifyRequest, error: unknown): Problem => {
  const body = toProblem(error)
  return { ...(wantsChinese(request) ? zhProblem(body, error) : enProblem(body)), instance: request.url }
}

export interface ProblemDetailsOptions {
  /** A browser page's answer to a path that does not exist (the web workspace's 404 page). */
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined
}

export const problemDetails = fp(
  async (app: FastifyInstance, options: ProblemDetailsOptions) => {
    // Every route, to tell a wrong method (405, with Allow) from a path that does not exist (404).
    const routes: { method: string; pattern: RegExp }[] = []
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, pattern: routePattern(route.url) })
    })
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.length > MAX_URL_LENGTH) {
        return sendProblem(reply, {
          ...problem('uri-too-long', `the request URL is longer than ${MAX_URL_LENGTH} characters`),
        })
      }
    })
    app.setErrorHandler((error, request, reply) => {
      const body = problemFor(request, error)
      if (body.status === 503) reply.header('retry-after', String(STORAGE_RETRY_AFTER_SECONDS))
      const { retryAfterSeconds } = body as { retryAfterSeconds?: unknown }
      if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds))
      if (body.status >= 500) request.log.error({ err: error }, 'request failed')
      else request.log.info({ problem: body.type, status: body.status }, body.detail ?? body.title)
      return sendProblem(reply, body)
    })
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!
      const page = options.notFoundPage?.(request, reply)
      if (page) return page
      const allowed = [
        ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
      ]
      if (allowed.length > 0) {
        reply.header('allow', allowed.join(', '))
        const notAllowed = problem(
          'method-not-allowed',
          `${request.method} is not allowed here; allowed: ${allowed.join(', ')}`,
        )
        return sendProblem(reply, problemFor(request, new HttpProblem(notAllowed)))
      }
      const notFound = problem('not-found', `no route ${request.method} ${request.url}`)
      return sendProblem(reply, problemFor(request, new HttpProblem(notFound)))
    })
  },
  { name: 'problem-details' },
)

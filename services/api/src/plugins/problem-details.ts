/**
 * Turns every error into application/problem+json: schema violations, malformed JSON, oversize
 * bodies, domain refusals, concurrency conflicts, unknown routes. Registered with fastify-plugin
 * because the error handler must apply to every route of the app, not just this plugin's scope.
 */
import { DomainError } from '@duban/domain'
import { LogIntegrityError, storeUnavailableFrom, WrongExpectedVersionError } from '@duban/eventstore'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { HttpProblem, PROBLEM_CONTENT_TYPE, type Problem, problem } from '../http/problem'

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

function toProblem(error: unknown): Problem {
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
  const fastifyError = error as Partial<FastifyError>
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('bad-request', fastifyError.message)
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload-too-large', fastifyError.message)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported-media-type', fastifyError.message)
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

export const problemDetails = fp(
  async (app: FastifyInstance) => {
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
      const body = { ...toProblem(error), instance: request.url }
      if (body.status === 503) reply.header('retry-after', String(STORAGE_RETRY_AFTER_SECONDS))
      const { retryAfterSeconds } = body as { retryAfterSeconds?: unknown }
      if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds))
      if (body.status >= 500) request.log.error({ err: error }, 'request failed')
      else request.log.info({ problem: body.type, status: body.status }, body.detail ?? body.title)
      return sendProblem(reply, body)
    })
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!
      const allowed = [
        ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
      ]
      if (allowed.length > 0) {
        reply.header('allow', allowed.join(', '))
        return sendProblem(reply, {
          ...problem(
            'method-not-allowed',
            `${request.method} is not allowed here; allowed: ${allowed.join(', ')}`,
          ),
          instance: request.url,
        })
      }
      return sendProblem(reply, {
        ...problem('not-found', `no route ${request.method} ${request.url}`),
        instance: request.url,
      })
    })
  },
  { name: 'problem-details' },
)

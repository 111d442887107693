/**
 * OpenAPI generated from the routes' zod schemas, served at /docs (UI) and /docs/json.
 * Security: a bearer token (API callers) or the browser's session cookie, on every route the
 * access table does not open to anyone; its public rows (health, docs, sign-in) say
 * `security: []`. The access table is the one source: a route's security is read from it.
 * Wrapped with fastify-plugin so swagger's onRoute hook sees the routes registered after it
 * in the same app scope.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { accessTable, PUBLIC, routeKey } from '../auth/access-table'
import { SESSION_COOKIE } from './actor'

type Transform = typeof jsonSchemaTransform

/** The zod transform, then the route's security from the access table. */
const withSecurity: Transform = (input) => {
  const transformed = jsonSchemaTransform(input)
  const methods = [input.route.method].flat()
  const open = methods.every((method) => accessTable[routeKey(method, input.route.url)] === PUBLIC)
  return open ? { ...transformed, schema: { ...transformed.schema, security: [] } } : transformed
}

export const openApi = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Duban 督办 API',
          description:
            'Commands and queries of the Duban accountability ledger. Errors are application/problem+json. ' +
            'Commands on a stream accept `If-Match` (the stream version from a previous `ETag`) and an `Idempotency-Key`.',
          version: '0.1.0',
        },
        tags: [
          { name: 'plans', description: 'Action plans 行动计划' },
          { name: 'tasks', description: 'Tasks 工作任务 and their history' },
          { name: 'assignments', description: 'Assignments 交办 and progress reports 进展报送' },
          { name: 'system', description: 'Health and operations' },
        ],
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              description: 'A token from POST /auth/token (30 days; revocable by the office)',
            },
            cookie: {
              type: 'apiKey',
              in: 'cookie',
              name: SESSION_COOKIE,
              description:
                'The web sign-in’s session; a write through it also carries its CSRF token (_csrf field or csrf-token header)',
            },
          },
        },
        // Either scheme, on every route but the public ones (which say `security: []`).
        security: [{ bearer: [] }, { cookie: [] }],
      },
      transform: withSecurity,
      transformObject: jsonSchemaTransformObject,
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'openapi' },
)

/**
 * OpenAPI generated from the routes' zod schemas, served at /docs (UI) and /docs/json.
 * Wrapped with fastify-plugin so swagger's onRoute hook sees the routes registered after it
 * in the same app scope.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

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
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'openapi' },
)

/**
 * Who is acting: every request carries `request.actor` (null when anonymous), decided once,
 * here, for every route. Today the caller states it in headers — a stand-in until sign-in
 * (sessions and bearer tokens) replaces this plugin's source; routes only ever read
 * `request.actor` / `requireActor(request)`, so they do not change when it does.
 * fastify-plugin: the decoration must reach every route of the app.
 */
import type { Actor } from '@duban/domain'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import { httpProblem } from '../http/problem'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
  }
}

const ActorHeaders = z.object({
  'x-duban-user': z.string().min(1).max(128),
  'x-duban-unit': z.string().min(1).max(64).optional(),
  'x-duban-roles': z.literal('supervision_office').optional(),
})

export const actorPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('actor', null)
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-duban-user'] === undefined) return
      const parsed = ActorHeaders.safeParse(request.headers)
      if (!parsed.success) {
        throw httpProblem(
          'bad-request',
          `bad actor headers: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        )
      }
      const headers = parsed.data
      request.actor = {
        userId: headers['x-duban-user'],
        unitId: headers['x-duban-unit'] ?? null,
        roles: headers['x-duban-roles'] ? [headers['x-duban-roles']] : [],
      }
    })
  },
  { name: 'actor' },
)

/** The acting user, or 401 for an anonymous request. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw httpProblem('unauthenticated', 'who is acting? (X-Duban-User, until sign-in)')
  return request.actor
}

/**
 * Enforces the access table on every request, before the body is read: anonymous → 401 (a
 * page redirects to the sign-in form instead), refused → 403 problem+json, so a denied request
 * writes nothing. A route missing from the table is refused: fail closed.
 * fastify-plugin: the hook must guard every route of the app.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { httpProblem } from '../http/problem'
import { accessTable, PUBLIC, type RouteAccess, routeKey, type Scope, scopeFor } from './access-table'

declare module 'fastify' {
  interface FastifyRequest {
    /** The scope the access table granted this request; null on a public route. */
    access: { scope: Exclude<Scope, 'none'> } | null
  }
  interface FastifyContextConfig {
    /** A web page: an anonymous visitor is sent to the sign-in form rather than given a 401. */
    page?: boolean
  }
}

export interface AccessControlDeps {
  /** Whether the task is assigned to the unit, for routes whose subject is a task. */
  isBoundTo(taskId: string, unitId: string): Promise<boolean>
}

export const accessControl = fp<AccessControlDeps>(
  async (app: FastifyInstance, deps) => {
    app.decorateRequest('access', null)
    const unlisted: string[] = []
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        const key = routeKey(method, route.url)
        if (method !== 'HEAD' && !(key in accessTable)) unlisted.push(key)
      }
    })
    app.addHook('onReady', async () => {
      if (unlisted.length > 0)
        app.log.error({ routes: unlisted }, 'routes without a row in the access table are refused')
    })
    app.addHook('onRequest', async (request, reply) => {
      const url = request.routeOptions.url
      if (url === undefined) return // no such route: the 404 handler answers
      const access = accessTable[routeKey(request.method, url)]
      if (access === undefined)
        throw httpProblem('forbidden', `${request.method} ${url} is not in the access table`)
      if (access === PUBLIC) return
      if (!request.user) {
        if (request.routeOptions.config.page && request.method === 'GET') {
          return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`)
        }
        throw httpProblem(
          'unauthenticated',
          'sign in first: a bearer token from POST /auth/token, or the web sign-in',
        )
      }
      const scope = await grantedScope(access, request, deps)
      if (scope === 'none') {
        throw httpProblem('forbidden', `${request.user.id} may not ${request.method} ${request.url}`, {
          userId: request.user.id,
          unitId: request.user.unitId,
        })
      }
      request.access = { scope }
    })
  },
  { name: 'access-control', dependencies: ['actor'] },
)

async function grantedScope(
  access: RouteAccess,
  request: FastifyRequest,
  deps: AccessControlDeps,
): Promise<Scope> {
  const user = request.user!
  const scope = scopeFor(access, user.roles)
  if (scope !== 'own') return scope
  const params = request.params as Record<string, string | undefined>
  switch (access.subject) {
    case 'unit':
      return params.unitId === user.unitId ? 'own' : 'none'
    case 'task':
      return params.taskId !== undefined && (await deps.isBoundTo(params.taskId, user.unitId))
        ? 'own'
        : 'none'
    case 'none':
      return 'none'
  }
}

/** Whether the request may see this unit's records: every unit's under `any`, its own under `own`. */
export function maySeeUnit(request: FastifyRequest, unitId: string): boolean {
  return request.access?.scope === 'any' || request.user?.unitId === unitId
}

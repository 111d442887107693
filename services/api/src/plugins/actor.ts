/**
 * Who is acting: every request carries `request.user` and `request.actor` (null when
 * anonymous), decided once, here, for every route — from a bearer token (API callers) or the
 * browser's session cookie. Routes only ever read `request.actor` / `requireActor(request)`.
 * fastify-plugin: the decoration must reach every route of the app.
 */
import type { Actor } from '@duban/domain'
import { actorOf, type User, type UserStore } from '@duban/runtime'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { httpProblem } from '../http/problem'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
    user: User | null
    /** How the user proved who they are; a cookie session must also prove intent (CSRF) to write. */
    authVia: 'bearer' | 'cookie' | null
  }
}

/** The browser session's cookie: a random token, httpOnly, secure, SameSite=Lax. */
export const SESSION_COOKIE = 'duban_session'

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/

export const actorPlugin = fp<{ users: UserStore }>(
  async (app: FastifyInstance, { users }) => {
    app.decorateRequest('actor', null)
    app.decorateRequest('user', null)
    app.decorateRequest('authVia', null)
    app.addHook('onRequest', async (request) => {
      const authorization = request.headers.authorization
      if (authorization !== undefined) {
        // A caller who presents a token means to be someone: a bad one is an error, not anonymity.
        const token = BEARER.exec(authorization)?.[1]
        const user = token ? await users.sessionUser(token, 'bearer') : undefined
        if (!user) {
          throw httpProblem(
            'unauthenticated',
            'the bearer token is unknown or expired; get one from POST /auth/token',
          )
        }
        signIn(request, user, 'bearer')
        return
      }
      const token = request.cookies[SESSION_COOKIE]
      const user = token ? await users.sessionUser(token, 'cookie') : undefined
      if (user) signIn(request, user, 'cookie')
    })
  },
  { name: 'actor', dependencies: ['@fastify/cookie'] },
)

function signIn(request: FastifyRequest, user: User, via: 'bearer' | 'cookie'): void {
  request.user = user
  request.actor = actorOf(user)
  request.authVia = via
}

/** The acting user, or 401 for an anonymous request. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw httpProblem(
      'unauthenticated',
      'sign in first: a bearer token from POST /auth/token, or the web sign-in',
    )
  }
  return request.actor
}

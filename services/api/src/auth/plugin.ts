/**
 * Sign-in and access control for the whole app, in the order they must run on a request:
 * cookies are read, the user is found (bearer token or session cookie), the access table is
 * enforced, and a write through a cookie session must carry its CSRF token. fastify-plugin:
 * every hook and decoration here must reach every route of the app.
 */

import type { UserStore } from '@duban/runtime'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { actorPlugin } from '../plugins/actor'
import { type AccessControlDeps, accessControl } from './access-control'
import { SignInGate } from './sign-in-gate'

declare module 'fastify' {
  interface FastifyInstance {
    /** Every sign-in goes through it: delays after failures, an audit row per attempt. */
    signInGate: SignInGate
  }
}

export interface AuthDeps extends AccessControlDeps {
  users: UserStore
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The cookie attributes every cookie Duban sets shares. */
export const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const

export const authentication = fp<AuthDeps>(
  async (app: FastifyInstance, deps) => {
    await app.register(cookie)
    // Limits are set per route (sign-in); nothing else is limited.
    await app.register(rateLimit, { global: false })
    app.decorate('signInGate', new SignInGate(deps.users))
    await app.register(actorPlugin, { users: deps.users })
    await app.register(accessControl, deps)
    await app.register(csrf, {
      cookieKey: 'duban_csrf',
      cookieOpts: COOKIE_OPTIONS,
      // A token is bound to the signed-in user, so one user's token is worthless for another's session.
      getUserInfo: csrfUser,
      csrfOpts: { hmacKey: await deps.users.secret('csrf-hmac') },
    })
    app.addHook('preValidation', (request, reply, done) => {
      if (request.authVia !== 'cookie' || SAFE_METHODS.has(request.method)) return done()
      app.csrfProtection(request, reply, done)
    })
  },
  { name: 'authentication' },
)

/** Whose forms a token is for; the sign-in form's before anyone is signed in. */
const csrfUser = (request: FastifyRequest) => request.user?.id ?? 'anonymous'

/** A fresh CSRF token for the signed-in user's forms. */
export const csrfToken = (request: FastifyRequest, reply: FastifyReply): string =>
  reply.generateCsrf({ userInfo: csrfUser(request) })

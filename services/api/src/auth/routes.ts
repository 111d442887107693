/**
 * Bearer tokens for API callers (POST /auth/token, rate-limited), who am I, and user accounts
 * for the administrator. Browser sign-in lives with the web pages.
 */

import { accountRefusal, UserId } from '@duban/domain'
import { Accounts, UserRole } from '@duban/runtime'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { httpProblem } from '../http/problem'
import { queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'
import { accountRoutes, outcomeOf, Password, signedIn } from './account-routes'

const UserBody = z
  .object({
    id: z.string(),
    displayName: z.string(),
    unitId: z.string(),
    roles: z.array(UserRole),
    disabled: z.literal(true).optional(),
  })
  .meta({ id: 'User' })

const Credentials = z.strictObject({
  userId: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
})

/** Sign-in attempts allowed per client address and minute, before 429. */
export const SIGN_IN_LIMIT = { max: 10, timeWindow: '1 minute' } as const

export const signInRateLimit = {
  ...SIGN_IN_LIMIT,
  errorResponseBuilder: () =>
    httpProblem('too-many-requests', 'too many sign-in attempts from this address; wait a minute'),
}

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { users, units } = deps
  // Every change to an account is an event in the log (account-routes.ts).
  const accounts = new Accounts(users, deps.ledger)
  await app.register(accountRoutes, deps)

  app.post(
    '/auth/token',
    {
      // Sign-in is never shed (it is rate-limited instead): people must get in when the server is busy.
      config: { rateLimit: signInRateLimit, shed: false },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a user id and password for a bearer token (30 days)',
        body: Credentials,
        response: { 201: z.object({ token: z.string(), user: UserBody }), ...queryProblems },
      },
    },
    async (request, reply) => {
      const user = await app.signInGate.signIn(
        request.body.userId,
        request.body.password,
        request.ip,
        'bearer',
      )
      reply.code(201)
      return { token: await users.openSession(user.id, 'bearer'), user: { ...user, roles: [...user.roles] } }
    },
  )

  app.delete(
    '/auth/token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke the bearer token of this request',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      requireActor(request)
      const token = request.headers.authorization?.replace(/^Bearer /, '')
      if (request.authVia === 'bearer' && token) await users.closeSession(token)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserBody } } },
    async (request) => {
      const user = request.user!
      return { ...user, roles: [...user.roles] }
    },
  )

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'Every user account (administrator)',
        response: { 200: z.array(UserBody) },
      },
    },
    async () => (await users.list()).map((user) => ({ ...user, roles: [...user.roles] })),
  )

  app.delete(
    '/admin/users/:userId/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke every token and session of a user (the office or the administrator)',
        params: z.object({ userId: UserId }),
        response: { 200: z.object({ revoked: z.number().int() }), ...queryProblems },
      },
    },
    async (request) => {
      const { sessionsClosed } = await accounts.change(signedIn(request), {
        command: { type: 'RevokeSessions', data: { userId: request.params.userId } },
      })
      return { revoked: sessionsClosed }
    },
  )

  app.get(
    '/admin/sign-ins',
    {
      schema: {
        tags: ['auth'],
        summary: 'The sign-in audit log, newest first (the office or the administrator)',
        querystring: z.object({
          userId: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.array(
            z.object({
              userId: z.string(),
              ok: z.boolean(),
              failure: z.enum(['password', 'throttled']).optional(),
              ip: z.string(),
              via: z.enum(['cookie', 'bearer']),
              at: z.string(),
            }),
          ),
          ...queryProblems,
        },
      },
    },
    async (request) =>
      users.signIns({
        limit: request.query.limit,
        ...(request.query.userId !== undefined && { userId: request.query.userId }),
      }),
  )

  app.post(
    '/admin/users',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Create a user account (administrator); roles that read the ledger wait for a supervision officer to approve them',
        body: z.strictObject({
          id: UserId,
          displayName: z.string().trim().min(1).max(64),
          unitId: z.string().min(1).max(64),
          roles: z.array(UserRole).min(1),
          password: Password,
        }),
        response: {
          201: UserBody.extend({ requested: z.array(z.object({ requestId: z.string(), role: UserRole })) }),
          ...queryProblems,
        },
      },
    },
    async (request, reply) => {
      const { id, password, ...body } = request.body
      if (!units.get(body.unitId))
        throw accountRefusal('unknown_unit', { unitId: body.unitId, field: 'unitId' })
      const { events } = await accounts.change(signedIn(request), {
        command: { type: 'CreateAccount', data: { userId: id, ...body } },
        password,
      })
      const user = (await users.get(id))!
      reply.code(201)
      return {
        ...user,
        roles: [...user.roles],
        requested: outcomeOf(events).requested.map(({ requestId, role }) => ({ requestId, role })),
      }
    },
  )
}

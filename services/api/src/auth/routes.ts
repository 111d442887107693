/**
 * Bearer tokens for API callers (POST /auth/token, rate-limited), who am I, and user accounts
 * for the administrator. Browser sign-in lives with the web pages.
 */

import { UserRole } from '@duban/runtime'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { httpProblem } from '../http/problem'
import { queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'

const UserBody = z
  .object({ id: z.string(), displayName: z.string(), unitId: z.string(), roles: z.array(UserRole) })
  .meta({ id: 'User' })

const Credentials = z.strictObject({
  userId: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
})

const UserId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/)
  .max(64)

/** Sign-in attempts allowed per client address and minute, before 429. */
export const SIGN_IN_LIMIT = { max: 10, timeWindow: '1 minute' } as const

export const signInRateLimit = {
  ...SIGN_IN_LIMIT,
  errorResponseBuilder: () =>
    httpProblem('too-many-requests', 'too many sign-in attempts from this address; wait a minute'),
}

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { users, units }) => {
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
      if (!(await users.get(request.params.userId))) {
        throw httpProblem('not-found', `no user ${request.params.userId}`)
      }
      return { revoked: await users.closeSessionsOf(request.params.userId) }
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
        summary: 'Create a user account (administrator)',
        body: z.strictObject({
          id: UserId,
          displayName: z.string().trim().min(1).max(64),
          unitId: z.string().min(1).max(64),
          roles: z.array(UserRole).min(1),
          password: z.string().min(12).max(256),
        }),
        response: { 201: UserBody, ...queryProblems },
      },
    },
    async (request, reply) => {
      const body = request.body
      if (!units.get(body.unitId))
        throw httpProblem('domain-rule', `no unit ${body.unitId} in the unit directory`)
      if (await users.get(body.id)) throw httpProblem('conflict', `user ${body.id} exists`)
      const user = await users.createUser(body)
      reply.code(201)
      return { ...user, roles: [...user.roles] }
    },
  )
}

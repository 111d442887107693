/**
 * Accounts and roles over the API: each change is an event in the log (`Accounts`, through the
 * one append path), made by the signed-in user. The administrator creates, grants, revokes,
 * disables and resets; a role that reads ledger content is only requested, and a supervision
 * officer other than the requester approves or declines it (POST /role-requests/…).
 */
import {
  type AccountEvent,
  AccountRole,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  UserId,
} from '@duban/domain'
import { Accounts, type User } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { commandProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'

/** A new password, as the body's schema states it; the account service checks the rest (not the user id). */
export const Password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH)

/** What a change did: roles now active, roles that wait for the office's approval. */
const Outcome = z
  .object({
    granted: z.array(z.object({ userId: z.string(), role: AccountRole })),
    revoked: z.array(z.object({ userId: z.string(), role: AccountRole })),
    requested: z.array(z.object({ requestId: z.string(), userId: z.string(), role: AccountRole })),
  })
  .meta({ id: 'AccountChangeOutcome' })

export const RoleRequest = z
  .object({ requestId: z.string(), userId: z.string(), role: AccountRole, requestedBy: z.string() })
  .meta({ id: 'RoleRequest' })

/** The events' effect on roles, for the caller. */
export function outcomeOf(events: readonly AccountEvent[]): z.infer<typeof Outcome> {
  const outcome: z.infer<typeof Outcome> = { granted: [], revoked: [], requested: [] }
  for (const event of events) {
    if (event.type === 'AccountCreated')
      for (const role of event.data.roles) outcome.granted.push({ userId: event.data.userId, role })
    if (event.type === 'RoleGranted' || event.type === 'RoleRequestApproved')
      outcome.granted.push({ userId: event.data.userId, role: event.data.role })
    if (event.type === 'RoleRevoked') outcome.revoked.push(event.data)
    if (event.type === 'RoleRequested') {
      const { requestId, userId, role } = event.data
      outcome.requested.push({ requestId, userId, role })
    }
  }
  return outcome
}

/** The signed-in user, as the account service needs it. */
export function signedIn(request: FastifyRequest): { user: User } {
  requireActor(request)
  return { user: request.user! }
}

export const accountRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { users, ledger }) => {
  const accounts = new Accounts(users, ledger)
  const userParams = z.object({ userId: UserId })
  const problems = commandProblems

  app.post(
    '/admin/users/:userId/roles',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Grant a role (administrator); a role that reads the ledger becomes a request the office approves',
        params: userParams,
        body: z.strictObject({ role: AccountRole }),
        response: { 200: Outcome, ...problems },
      },
    },
    async (request) => {
      const command = {
        type: 'GrantRole' as const,
        data: { userId: request.params.userId, role: request.body.role },
      }
      return outcomeOf((await accounts.change(signedIn(request), { command })).events)
    },
  )

  app.delete(
    '/admin/users/:userId/roles/:role',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke a role (administrator)',
        params: userParams.extend({ role: AccountRole }),
        response: { 200: Outcome, ...problems },
      },
    },
    async (request) => {
      const command = { type: 'RevokeRole' as const, data: request.params }
      return outcomeOf((await accounts.change(signedIn(request), { command })).events)
    },
  )

  for (const [action, type] of [
    ['disable', 'DisableAccount'],
    ['enable', 'EnableAccount'],
  ] as const) {
    app.post(
      `/admin/users/:userId/${action}`,
      {
        schema: {
          tags: ['auth'],
          summary:
            action === 'disable'
              ? 'Disable an account: it signs in no more, its sessions end (administrator)'
              : 'Enable a disabled account (administrator)',
          params: userParams,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        await accounts.change(signedIn(request), { command: { type, data: request.params } })
        return reply.code(204).send(null)
      },
    )
  }

  app.put(
    '/admin/users/:userId/password',
    {
      schema: {
        tags: ['auth'],
        summary:
          "Set an account's password (administrator): its sessions end, and its ledger-reading roles wait for the office's approval again",
        params: userParams,
        body: z.strictObject({ password: Password }),
        response: { 200: Outcome, ...problems },
      },
    },
    async (request) => {
      const command = { type: 'SetPassword' as const, data: request.params }
      const { events } = await accounts.change(signedIn(request), {
        command,
        password: request.body.password,
      })
      return outcomeOf(events)
    },
  )

  app.put(
    '/auth/me/password',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (the current one required); every session of the account ends',
        body: z.strictObject({ currentPassword: z.string().min(1).max(256), password: Password }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request)
      await accounts.changeOwnPassword(user, request.body.currentPassword, request.body.password)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/admin/role-requests',
    {
      schema: {
        tags: ['auth'],
        summary: 'Role requests awaiting a supervision officer (the office and the administrator)',
        response: { 200: z.array(RoleRequest) },
      },
    },
    async () => accounts.pendingRequests(),
  )

  app.post(
    '/role-requests/:requestId/approve',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Approve a role request (a supervision officer other than its requester): the role is active from now',
        params: z.object({ requestId: z.string().regex(/^req-[0-9]+$/) }),
        response: { 200: Outcome, ...problems },
      },
    },
    async (request) => {
      const command = { type: 'ApproveRoleRequest' as const, data: request.params }
      return outcomeOf((await accounts.change(signedIn(request), { command })).events)
    },
  )

  app.post(
    '/role-requests/:requestId/decline',
    {
      schema: {
        tags: ['auth'],
        summary: 'Decline a role request (a supervision officer other than its requester)',
        params: z.object({ requestId: z.string().regex(/^req-[0-9]+$/) }),
        body: z.strictObject({ reason: z.string().trim().max(500).default('') }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const command = {
        type: 'DeclineRoleRequest' as const,
        data: { requestId: request.params.requestId, reason: request.body.reason },
      }
      await accounts.change(signedIn(request), { command })
      return reply.code(204).send(null)
    },
  )
}

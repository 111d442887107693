/**
 * The forms of 用户管理 (the administrator), 角色审批 (the supervision office) and 修改密码
 * (everyone's own): the same account changes as the /admin/users and /auth/me/password API, each
 * an event in the log through `Accounts`.
 */
import { type AccountCommand, AccountRole, accountRefusal, UserId } from '@duban/domain'
import { Accounts, roleLabels } from '@duban/runtime'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { outcomeOf, signedIn } from '../auth/account-routes'
import { COOKIE_OPTIONS } from '../auth/plugin'
import { SESSION_COOKIE } from '../plugins/actor'
import { pageContext } from './context'
import { usersPage } from './pages/admin'
import { ownPasswordPage } from './pages/own-password'
import { requestNumber, roleRequestsPage } from './pages/role-requests'
import { SESSION_MAX_AGE_SECONDS } from './session-routes'
import type { WebDeps } from './unit-routes'

const page = { config: { page: true }, schema: { hide: true } }
const UserParams = z.object({ userId: UserId })
const RequestParams = z.object({ requestId: z.string().regex(/^req-[0-9]+$/) })
const Done = z.object({ done: z.string().max(200).optional() }).passthrough()
const OwnPassword = z.object({
  currentPassword: z.string().min(1).max(256),
  password: z.string(),
  passwordAgain: z.string(),
})

/** A checkbox group arrives as one value or several. */
const many = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value])

export const accountWebRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  const accounts = new Accounts(deps.users, deps.ledger)
  const change = async (request: FastifyRequest, command: AccountCommand, password?: string) =>
    accounts.change(signedIn(request), { command, ...(password !== undefined && { password }) })
  /** What a change did, in words for the page's notice. */
  const said = (events: Awaited<ReturnType<typeof change>>['events'], fallback: string) => {
    const { granted, revoked, requested } = outcomeOf(events)
    const parts = [
      ...granted.map((g) => `${g.userId} 已获${roleLabels[g.role]}角色`),
      ...revoked.map((r) => `${r.userId} 的${roleLabels[r.role]}角色已撤销`),
      ...requested.map(
        (r) => `${r.userId} 的${roleLabels[r.role]}角色待督查办审批（申请${requestNumber(r.requestId)}）`,
      ),
    ]
    return parts.length > 0 ? parts.join('；') : fallback
  }
  const back = (path: string, done: string) => `${path}?done=${encodeURIComponent(done)}`
  const users = '/w/admin/users'

  app.get(users, page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const units = deps.units
      .all()
      .filter((u) => deps.units.periodAsOf(u.id, context.today))
      .map((u) => ({ id: u.id, name: context.unitName(u.id) }))
    const { done } = Done.parse(request.query)
    return reply.type('text/html').send(
      usersPage(context, {
        users: await accounts.list(),
        pending: await accounts.pendingRequests(),
        units,
        ...(done && { done }),
      }).value,
    )
  })

  app.post(users, { schema: { hide: true } }, async (request, reply) => {
    const form = z
      .object({
        userId: UserId,
        displayName: z.string().trim().min(1).max(64),
        unitId: z.string().min(1).max(64),
        roles: z.preprocess(many, z.array(AccountRole).min(1, '至少选择一个角色')),
        password: z.string(),
      })
      .parse(request.body)
    if (!deps.units.get(form.unitId))
      throw accountRefusal('unknown_unit', { unitId: form.unitId, field: 'unitId' })
    const { password, ...data } = form
    const { events } = await change(request, { type: 'CreateAccount', data }, password)
    return reply.redirect(back(users, said(events, `账户 ${form.userId} 已新建`)), 303)
  })

  app.post(`${users}/:userId/roles`, { schema: { hide: true } }, async (request, reply) => {
    const { userId } = UserParams.parse(request.params)
    const { role } = z.object({ role: AccountRole }).parse(request.body)
    const { events } = await change(request, { type: 'GrantRole', data: { userId, role } })
    return reply.redirect(back(users, said(events, '')), 303)
  })

  app.post(`${users}/:userId/roles/revoke`, { schema: { hide: true } }, async (request, reply) => {
    const { userId } = UserParams.parse(request.params)
    const { role } = z.object({ role: AccountRole }).parse(request.body)
    const { events } = await change(request, { type: 'RevokeRole', data: { userId, role } })
    return reply.redirect(back(users, said(events, '')), 303)
  })

  for (const [action, type, label] of [
    ['disable', 'DisableAccount', '已停用'],
    ['enable', 'EnableAccount', '已启用'],
  ] as const) {
    app.post(`${users}/:userId/${action}`, { schema: { hide: true } }, async (request, reply) => {
      const { userId } = UserParams.parse(request.params)
      await change(request, { type, data: { userId } })
      return reply.redirect(back(users, `账户 ${userId} ${label}`), 303)
    })
  }

  app.post(`${users}/:userId/password`, { schema: { hide: true } }, async (request, reply) => {
    const { userId } = UserParams.parse(request.params)
    const { password } = z.object({ password: z.string() }).parse(request.body)
    const { events } = await change(request, { type: 'SetPassword', data: { userId } }, password)
    return reply.redirect(back(users, said(events, `账户 ${userId} 的密码已重置`)), 303)
  })

  const own = '/w/me/password'
  app.get(own, page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const { done } = Done.parse(request.query)
    return reply.type('text/html').send(ownPasswordPage(context, done === 'changed').value)
  })

  app.post(
    own,
    // As the API's PUT /auth/me/password: a stolen session cannot try current passwords quickly.
    { schema: { hide: true }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = OwnPassword.parse(request.body)
      if (form.password !== form.passwordAgain)
        throw accountRefusal('password_mismatch', { field: 'passwordAgain' })
      const { user } = signedIn(request)
      await accounts.changeOwnPassword(user, form.currentPassword, form.password)
      // Every session of the account ended with the change; this browser, which just gave the
      // current password, is signed in again, the others stay out.
      reply.setCookie(SESSION_COOKIE, await deps.users.openSession(user.id, 'cookie'), {
        ...COOKIE_OPTIONS,
        maxAge: SESSION_MAX_AGE_SECONDS,
      })
      return reply.redirect(`${own}?done=changed`, 303)
    },
  )

  const requests = '/w/office/role-requests'
  app.get(requests, page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const { done } = Done.parse(request.query)
    const all = new Map((await accounts.list()).map((user) => [user.id, user]))
    return reply.type('text/html').send(
      roleRequestsPage(context, {
        pending: await accounts.pendingRequests(),
        users: all,
        ...(done && { done }),
      }).value,
    )
  })

  app.post(`${requests}/:requestId/approve`, { schema: { hide: true } }, async (request, reply) => {
    const data = RequestParams.parse(request.params)
    const { events } = await change(request, { type: 'ApproveRoleRequest', data })
    return reply.redirect(back(requests, said(events, `${data.requestId} 已同意`)), 303)
  })

  app.post(`${requests}/:requestId/decline`, { schema: { hide: true } }, async (request, reply) => {
    const { requestId } = RequestParams.parse(request.params)
    const { reason } = z.object({ reason: z.string().trim().max(500).default('') }).parse(request.body)
    await change(request, { type: 'DeclineRoleRequest', data: { requestId, reason } })
    return reply.redirect(back(requests, `${requestId} 未同意`), 303)
  })
}

/**
 * Browser sign-in: the form, the session cookie (random token, httpOnly, Secure, SameSite=Lax;
 * only its hash is stored), sign-out, and `/` sending each user to the first page of their roles.
 * The form carries a CSRF token too, so no other site can sign a browser in as someone else.
 */
import type { User } from '@duban/runtime'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { COOKIE_OPTIONS, csrfToken } from '../auth/plugin'
import { signInRateLimit } from '../auth/routes'
import { HttpProblem } from '../http/problem'
import { SESSION_COOKIE } from '../plugins/actor'
import { homeOf } from './layout'
import { loginPage } from './pages/login'
import type { WebDeps } from './unit-routes'

/** How long a browser session lasts. */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600

const NO_ROLE_YET = '账户尚无生效的角色：角色申请待督查办审批，审批后即可登录。'

/** Only a path on this site: never an absolute URL another site could put in `next`. */
const localPath = (next: string | undefined) => (next && /^\/(?!\/)[^\\\s]*$/.test(next) ? next : '/')

/** Why the sign-in failed, without saying whether the user id or the password was wrong. */
const refusal = ({ status, retryAfterSeconds }: { status: number; retryAfterSeconds?: unknown }) =>
  status === 429
    ? `登录尝试过多，请 ${Math.max(1, Math.ceil(Number(retryAfterSeconds ?? 60) / 60))} 分钟后再试。`
    : '用户名或密码不正确，请重新输入密码。'

const SignIn = z.object({
  userId: z.string().max(64),
  password: z.string().max(256),
  next: z.string().optional(),
})

export const sessionRoutes: FastifyPluginAsync<WebDeps> = async (app, { users }) => {
  app.get('/', { schema: { hide: true } }, async (request, reply) =>
    reply.redirect(request.user ? homeOf(request.user) : '/login', 303),
  )

  app.get('/login', { schema: { hide: true } }, async (request, reply) => {
    const next = localPath((request.query as { next?: string }).next)
    return reply.type('text/html').send(loginPage(csrfToken(request, reply), next, false).value)
  })

  app.post(
    '/login',
    {
      schema: { hide: true },
      // Counted once the form is read (preHandler), so a refused attempt keeps the user id on the page.
      config: { rateLimit: { ...signInRateLimit, hook: 'preHandler' as const }, shed: false },
      preValidation: (request, reply, done) => app.csrfProtection(request, reply, done),
    },
    async (request, reply) => {
      const form = SignIn.parse(request.body)
      let user: User
      try {
        user = await app.signInGate.signIn(form.userId, form.password, request.ip, 'cookie')
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error
        if (error.problem.retryAfterSeconds)
          reply.header('retry-after', String(error.problem.retryAfterSeconds))
        return reply
          .code(error.problem.status)
          .type('text/html')
          .send(
            loginPage(csrfToken(request, reply), localPath(form.next), refusal(error.problem), form.userId)
              .value,
          )
      }
      // An account whose every role waits for the office's approval has no page to open yet.
      if (user.roles.length === 0)
        return reply
          .code(403)
          .type('text/html')
          .send(loginPage(csrfToken(request, reply), localPath(form.next), NO_ROLE_YET).value)
      reply.setCookie(SESSION_COOKIE, await users.openSession(user.id, 'cookie'), {
        ...COOKIE_OPTIONS,
        maxAge: SESSION_MAX_AGE_SECONDS,
      })
      const next = localPath(form.next)
      return reply.redirect(next === '/' ? homeOf(user) : next, 303)
    },
  )

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE]
    if (token) await users.closeSession(token)
    reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS)
    return reply.redirect('/login', 303)
  })
}

/**
 * The zh-CN web workspace: server-rendered pages, one per user's job, and the forms they post.
 * Encapsulated: form bodies (application/x-www-form-urlencoded) are parsed here and nowhere in
 * the JSON API. Each route is a row of the access table like any other.
 */
import { readFileSync } from 'node:fs'
import { latestCalendar } from '@duban/calendar'
import formbody from '@fastify/formbody'
import type { FastifyPluginAsync } from 'fastify'
import type { AppDeps } from '../app'
import { pageContext } from './context'
import { webErrorHandler } from './errors'
import { importRoutes } from './import-routes'
import { ledgerViews } from './ledger-view'
import { officeRoutes } from './office-routes'
import { usersPage } from './pages/admin'
import { dashboardPage } from './pages/dashboard'
import { sessionRoutes } from './session-routes'
import { unitRoutes, type WebDeps } from './unit-routes'

const stylesheet = readFileSync(new URL('./assets/app.css', import.meta.url), 'utf8')

export const webWorkspace: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  await app.register(formbody)
  app.setErrorHandler(webErrorHandler)
  const web: WebDeps = { ...deps, viewAsOf: ledgerViews(deps.ledger, deps.store, latestCalendar()) }

  app.get('/w/assets/app.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(stylesheet),
  )
  app.get('/w/dashboard', { config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    const context = pageContext(request, reply, web)
    const plan = (request.query as { plan?: string }).plan
    return reply.type('text/html').send(dashboardPage(context, await web.viewAsOf(context.asOf), plan).value)
  })
  app.get('/w/admin/users', { config: { page: true }, schema: { hide: true } }, async (request, reply) =>
    reply.type('text/html').send(usersPage(pageContext(request, reply, web), deps.users.list()).value),
  )
  await app.register(sessionRoutes, web)
  await app.register(unitRoutes, web)
  await app.register(officeRoutes, web)
  await app.register(importRoutes, web)
}

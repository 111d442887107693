/**
 * The zh-CN web workspace: server-rendered pages, one per user's job, and the forms they post.
 * Encapsulated: form bodies (application/x-www-form-urlencoded) are parsed here and nowhere in
 * the JSON API. Each route is a row of the access table like any other.
 */
import { readFileSync } from 'node:fs'
import formbody from '@fastify/formbody'
import type { FastifyPluginAsync } from 'fastify'
import type { AppDeps } from '../app'
import { notRunning } from '../routes/queries/query-routes'
import { accountWebRoutes } from './account-routes'
import { pageContext } from './context'
import { deliveryWebRoutes } from './delivery-routes'
import { webErrorHandler } from './errors'
import { importRoutes } from './import-routes'
import { officeRoutes } from './office-routes'
import { pageAsOf } from './page-data'
import { dashboardPage, leadershipFigures } from './pages/dashboard'
import { reportingWebRoutes } from './reporting-routes'
import { sessionRoutes } from './session-routes'
import { unitRoutes, type WebDeps } from './unit-routes'

const stylesheet = readFileSync(new URL('./assets/app.css', import.meta.url), 'utf8')

export const webWorkspace: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  await app.register(formbody)
  app.setErrorHandler(webErrorHandler)
  // Without read models (an app built for one test) every page answers 503, like the /views API.
  const web: WebDeps = { ...deps, views: deps.readModels ?? notRunning() }

  app.get('/w/assets/app.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(stylesheet),
  )
  app.get('/w/dashboard', { config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    const context = pageContext(request, reply, web)
    const asked = (request.query as { plan?: string }).plan
    const asOf = await pageAsOf(web.views, context)
    const { plans } = await web.views.plans({ asOf })
    const plan = plans.find((p) => p.planId === asked) ?? plans[0]
    const dashboard = plan && (await web.views.planDashboard(plan.planId, { asOf }))
    const shown =
      plan && dashboard && 'plan' in dashboard
        ? {
            dashboard,
            indicators: (await web.views.indicators(plan.planId, { asOf })).indicators,
            ...(await leadershipFigures(web.views, plan.planId, asOf, dashboard.asOf.date)),
          }
        : undefined
    return reply.type('text/html').send(dashboardPage(context, { plans, ...(shown ? { shown } : {}) }).value)
  })
  await app.register(sessionRoutes, web)
  await app.register(unitRoutes, web)
  await app.register(officeRoutes, web)
  await app.register(importRoutes, web)
  await app.register(reportingWebRoutes, web)
  await app.register(deliveryWebRoutes, web)
  await app.register(accountWebRoutes, web)
}

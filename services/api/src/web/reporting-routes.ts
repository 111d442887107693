/**
 * The web side of 督查通报 and 台账: the office's bulletin pages and forms, the downloads, the
 * leadership's escalation list and a task's history, the ranking with the 减负 figures.
 */
import { randomBytes } from 'node:crypto'
import { BulletinPeriod, BulletinText } from '@duban/domain'
import { bulletinCss, renderBulletinHtml } from '@duban/reporting'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { maySeeUnit } from '../auth/access-control'
import { requireActor } from '../plugins/actor'
import { bulletinDesk, DOCX, ledgerWorkbook, XLSX } from '../reporting'
import { pageContext } from './context'
import { DueRange } from './due-range'
import { listQuery, pageWindow } from './list-controls'
import { pageNames } from './names'
import { pageAsOf, taskDefinition } from './page-data'
import { bulletinPage, bulletinsPage } from './pages/bulletins'
import { escalationsPage, performancePage, taskHistoryPage } from './pages/leadership'
import type { WebDeps } from './unit-routes'

const Form = z.record(z.string(), z.string())
const page = { config: { page: true }, schema: { hide: true } }
const Params = z.object({ bulletinId: z.string().min(1).max(64) })

export const reportingWebRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  const desk = bulletinDesk({ ledger: deps.ledger, readModels: deps.views, units: deps.units })

  app.get('/w/assets/bulletin.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(bulletinCss),
  )

  app.get('/w/office/bulletins', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const asOf = await pageAsOf(deps.views, context)
    const at = await deps.views.asOf(asOf)
    const facts = deps.views.periodFacts(at)
    return reply.type('text/html').send(bulletinsPage(context, facts.bulletins(), facts.plans()).value)
  })

  app.post('/w/office/bulletins', { schema: { hide: true } }, async (request, reply) => {
    const form = Form.parse(request.body ?? {})
    const today = pageContext(request, reply, deps).today
    const bulletinId = `tb-${today.replaceAll('-', '')}-${randomBytes(3).toString('hex')}`
    await desk.draft(requireActor(request), {
      bulletinId,
      period: BulletinPeriod.parse({ from: form.from ?? '', to: form.to ?? '' }),
      ...(form.planId ? { planId: form.planId } : {}),
      text: BulletinText.parse({ title: form.title ?? '', docNumber: form.docNumber ?? '' }),
    })
    return reply.redirect(`/w/office/bulletins/${bulletinId}?done=drafted`, 303)
  })

  app.get('/w/office/bulletins/:bulletinId', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const { bulletinId } = Params.parse(request.params)
    const { bulletin, content } = await desk.documents(bulletinId)
    const code = (request.query as { done?: string }).done
    return reply.type('text/html').send(bulletinPage(context, bulletin, content, code).value)
  })

  app.post('/w/office/bulletins/:bulletinId/text', { schema: { hide: true } }, async (request, reply) => {
    const { bulletinId } = Params.parse(request.params)
    const form = Form.parse(request.body ?? {})
    await desk.edit(
      requireActor(request),
      bulletinId,
      BulletinText.parse({
        title: form.title ?? '',
        docNumber: form.docNumber ?? '',
        intro: form.intro ?? '',
        closing: form.closing ?? '',
      }),
    )
    return reply.redirect(`/w/office/bulletins/${bulletinId}?done=edited`, 303)
  })

  app.post('/w/office/bulletins/:bulletinId/publish', { schema: { hide: true } }, async (request, reply) => {
    const { bulletinId } = Params.parse(request.params)
    await desk.publish(requireActor(request), bulletinId)
    return reply.redirect(`/w/office/bulletins/${bulletinId}?done=published`, 303)
  })

  app.get('/w/office/bulletins/:bulletinId/bulletin.html', page, async (request, reply) => {
    const { bulletinId } = Params.parse(request.params)
    const { html } = await desk.documents(bulletinId)
    return reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${bulletinId}.html"`)
      .send(html)
  })

  app.get('/w/office/bulletins/:bulletinId/bulletin.docx', page, async (request, reply) => {
    const { bulletinId } = Params.parse(request.params)
    const { docx } = await desk.documents(bulletinId)
    return reply
      .type(DOCX)
      .header('content-disposition', `attachment; filename="${bulletinId}.docx"`)
      .send(docx)
  })

  // The printable page in the browser: the same document, its stylesheet linked (the app's CSP allows no inline style).
  app.get('/w/office/bulletins/:bulletinId/print', page, async (request, reply) => {
    const { bulletinId } = Params.parse(request.params)
    const { content } = await desk.documents(bulletinId)
    return reply
      .type('text/html; charset=utf-8')
      .send(renderBulletinHtml(content, { stylesheet: { href: '/w/assets/bulletin.css' } }))
  })

  app.get('/w/exports/ledger.xlsx', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const plan = (request.query as { plan?: string }).plan
    const { stream, fileName } = await ledgerWorkbook(
      deps.views,
      deps.units,
      { asOf: await pageAsOf(deps.views, context), ...(plan ? { planId: plan } : {}) },
      request.log,
    )
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${fileName}"`).send(stream)
  })

  app.get('/w/leadership/escalations', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const query = request.query as { plan?: string; awaiting?: string }
    const q = listQuery(request.query)
    const awaitingOnly = query.awaiting !== 'false'
    const view = await deps.views.escalations({
      asOf: await pageAsOf(deps.views, context),
      ...(query.plan ? { planId: query.plan } : {}),
      awaiting: awaitingOnly,
      ...pageWindow(q),
    })
    const names = await pageNames(deps.views, deps.users, context)
    return reply.type('text/html').send(escalationsPage(context, view, awaitingOnly, names, q).value)
  })

  app.get('/w/tasks/:taskId', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const { taskId } = z.object({ taskId: z.string().min(1).max(64) }).parse(request.params)
    const unit = (request.query as { unit?: string }).unit
    const asOf = await pageAsOf(deps.views, context)
    const q = listQuery(request.query)
    const history = await deps.views.taskHistory(taskId, {
      asOf,
      ...(unit ? { unitId: unit } : {}),
      ...pageWindow(q),
      // A person opens the history to see what happened lately: newest first, older on later pages.
      newestFirst: true,
      unitVisible: (id) => maySeeUnit(request, id),
    })
    const task = (await taskDefinition(deps.views, taskId, asOf)) ?? { taskId }
    const names = await pageNames(deps.views, deps.users, context)
    return reply.type('text/html').send(taskHistoryPage(context, task, history, unit, names, q).value)
  })

  app.get('/w/office/performance', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const query = request.query as { from?: string; to?: string; plan?: string }
    const asOf = await pageAsOf(deps.views, context)
    const range = DueRange.parse({
      from: query.from || `${context.asOf.slice(0, 4)}-01-01`,
      to: query.to || context.asOf,
    })
    const plan = query.plan ? { planId: query.plan } : {}
    const view = await deps.views.performance({ asOf, range, ...plan })
    const burden = await deps.views.burden({ asOf, range, ...plan })
    return reply.type('text/html').send(performancePage(context, view, burden.lines).value)
  })
}

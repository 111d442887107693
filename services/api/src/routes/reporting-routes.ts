/**
 * 督查通报 and 台账 over HTTP: the bulletin desk (draft → edit → publish, documents, verify),
 * the performance, escalation and burden views the leadership and the office read, and the
 * 台账 workbook. Who may call which is the access table's.
 */
import { BulletinPeriod, BulletinText, Id } from '@duban/domain'
import type { LedgerDeps } from '@duban/ledger'
import type { ReadModels } from '@duban/read-models'
import type { UnitDirectory } from '@duban/units'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Problem } from '../http/problem'
import { commandProblems, queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'
import { bulletinDesk, DOCX, ledgerWorkbook, XLSX } from '../reporting'
import { notRunning } from './queries/query-routes'
import { AsOfBody, AsOfQuery, answer, PageBody, PageQuery, viewProblems, withETag } from './queries/view-http'

export interface ReportingRoutesDeps {
  ledger: LedgerDeps
  readModels: ReadModels | undefined
  units: UnitDirectory
}

const RangeQuery = AsOfQuery.extend({
  from: z.iso.date().describe('First due date counted, YYYY-MM-DD'),
  to: z.iso.date().describe('Last due date counted, YYYY-MM-DD'),
  plan: Id.optional(),
})

const Tally = {
  due: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  underReview: z.number().int(),
  missing: z.number().int(),
}
const PerformanceBody = z
  .looseObject({
    asOf: AsOfBody,
    overview: z.object({ ...Tally, onTimeRate: z.number().nullable() }),
    ranking: z.array(
      z.object({ unitId: z.string(), rank: z.number().int(), ...Tally, onTimeRate: z.number() }),
    ),
    nothingDue: z.array(z.string()),
  })
  .meta({ id: 'Performance' })
const EscalationsBody = z
  .looseObject({
    asOf: AsOfBody,
    counts: z.object({ total: z.number().int(), awaiting: z.number().int() }),
    lines: z.array(
      z.object({
        taskId: z.string(),
        unitId: z.string(),
        escalationId: z.string(),
        obligationId: z.string().nullable(),
        on: z.string(),
        reason: z.string().nullable(),
        position: z.number().int(),
        listedIn: z.string().nullable(),
        awaiting: z.boolean(),
        planId: z.string().nullable(),
        number: z.string().nullable(),
        title: z.string().nullable(),
      }),
    ),
    page: PageBody,
  })
  .meta({ id: 'Escalations' })
const BurdenBody = z
  .looseObject({
    asOf: AsOfBody,
    lines: z.array(
      z.object({
        unitId: z.string(),
        month: z.string(),
        reportsAsked: z.number().int(),
        reminders: z.number().int(),
        notices: z.number().int(),
        reviewed: z.number().int(),
        meanReviewWaitDays: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'Burden' })

const BulletinParams = z.object({ bulletinId: Id })
const BulletinBody = z
  .looseObject({ status: z.enum(['draft', 'published']), bulletinId: z.string() })
  .meta({ id: 'Bulletin' })
const DraftBody = z.strictObject({
  bulletinId: Id,
  period: BulletinPeriod,
  planId: Id.optional(),
  text: BulletinText,
})
const VerificationBody = z
  .object({
    bulletinId: z.string(),
    ok: z.boolean(),
    recorded: z.object({ html: z.string(), docx: z.string() }),
    regenerated: z.object({ html: z.string(), docx: z.string() }),
  })
  .meta({ id: 'BulletinVerification' })

export const reportingRoutes: FastifyPluginAsyncZod<ReportingRoutesDeps> = async (app, deps) => {
  const readModels = deps.readModels ?? notRunning()
  const desk = bulletinDesk({ ledger: deps.ledger, readModels, units: deps.units })

  app.get(
    '/views/performance',
    {
      schema: {
        tags: ['views'],
        summary:
          '按时报送率与排名: obligations that fell due in a range, overview and ranking of units (ties share a rank)',
        querystring: RangeQuery,
        response: { 200: PerformanceBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, from, to, plan } = request.query
      const result = await answer(() =>
        readModels.performance({ asOf, range: { from, to }, ...(plan ? { planId: plan } : {}) }),
      )
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/views/escalations',
    {
      schema: {
        tags: ['views'],
        summary:
          '提级事项: escalations to the leadership group, the bulletin that listed each, whether still awaiting',
        querystring: AsOfQuery.extend(PageQuery.shape).extend({
          plan: Id.optional(),
          awaiting: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: EscalationsBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, plan, awaiting, limit, offset } = request.query
      const result = await answer(() =>
        readModels.escalations({
          asOf,
          ...(plan ? { planId: plan } : {}),
          ...(awaiting ? { awaiting: awaiting === 'true' } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(offset !== undefined ? { offset } : {}),
        }),
      )
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/views/burden',
    {
      schema: {
        tags: ['views'],
        summary:
          '减负: per unit and month, reports asked, reminders and notices received, review waiting time',
        querystring: RangeQuery,
        response: { 200: BurdenBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, from, to, plan } = request.query
      const result = await answer(() =>
        readModels.burden({ asOf, range: { from, to }, ...(plan ? { planId: plan } : {}) }),
      )
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/exports/ledger.xlsx',
    {
      schema: {
        tags: ['exports'],
        summary: '台账 as Excel, streamed: a sheet per plan (row per task × unit), indicators, escalations',
        querystring: AsOfQuery.extend({ plan: Id.optional() }),
        response: { 200: z.any().describe('An .xlsx workbook'), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, plan } = request.query
      const { stream, fileName } = await answer(() =>
        ledgerWorkbook(readModels, deps.units, { asOf, ...(plan ? { planId: plan } : {}) }, request.log),
      )
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${fileName}"`).send(stream)
    },
  )

  const tags = ['bulletins']

  app.get(
    '/bulletins',
    {
      schema: {
        tags,
        summary: 'Bulletins (督查通报), drafts and published, newest first',
        response: {
          200: z.object({
            bulletins: z.array(
              z.object({
                bulletinId: z.string(),
                periodFrom: z.string(),
                periodTo: z.string(),
                planId: z.string().nullable(),
                title: z.string(),
                docNumber: z.string(),
                publishedPosition: z.number().int().nullable(),
                publishedOn: z.string().nullable(),
                asOfPosition: z.number().int().nullable(),
                asOfDate: z.string().nullable(),
                summary: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      await readModels.catchUp()
      return { bulletins: readModels.periodFacts(await readModels.asOf(undefined)).bulletins() }
    },
  )

  app.post(
    '/bulletins',
    {
      schema: {
        tags,
        summary: 'Draft a bulletin for a period (通报起草)',
        body: DraftBody,
        response: { 201: BulletinBody, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { planId, ...rest } = request.body
      await desk.draft(requireActor(request), { ...rest, ...(planId ? { planId } : {}) })
      reply.code(201)
      return (await desk.require(request.body.bulletinId)) as z.infer<typeof BulletinBody>
    },
  )

  app.get(
    '/bulletins/:bulletinId',
    {
      schema: {
        tags,
        summary: 'A bulletin: period, text, and once published what it is pinned to',
        params: BulletinParams,
        response: { 200: BulletinBody, ...queryProblems },
      },
    },
    async (request) => (await desk.require(request.params.bulletinId)) as z.infer<typeof BulletinBody>,
  )

  app.put(
    '/bulletins/:bulletinId/text',
    {
      schema: {
        tags,
        summary: 'Edit a draft’s text: title, 文号, opening and closing (refused once published)',
        params: BulletinParams,
        body: BulletinText,
        response: { 200: BulletinBody, ...commandProblems },
      },
    },
    async (request) => {
      await desk.edit(requireActor(request), request.params.bulletinId, request.body)
      return (await desk.require(request.params.bulletinId)) as z.infer<typeof BulletinBody>
    },
  )

  app.post(
    '/bulletins/:bulletinId/publish',
    {
      schema: {
        tags,
        summary: 'Publish (印发): pinned to the log position and rule versions, escalations marked as listed',
        params: BulletinParams,
        response: { 200: BulletinBody, ...commandProblems },
      },
    },
    async (request) => {
      await desk.publish(requireActor(request), request.params.bulletinId)
      return (await desk.require(request.params.bulletinId)) as z.infer<typeof BulletinBody>
    },
  )

  app.get(
    '/bulletins/:bulletinId/verify',
    {
      schema: {
        tags,
        summary:
          'Regenerate a published bulletin from the log and compare it with the digests it was published with',
        params: BulletinParams,
        response: { 200: VerificationBody, 409: Problem, ...queryProblems },
      },
    },
    async (request) => desk.verify(request.params.bulletinId),
  )

  for (const format of ['html', 'docx'] as const)
    app.get(
      `/bulletins/:bulletinId/bulletin.${format}`,
      {
        schema: {
          tags,
          summary: `The bulletin as ${format === 'html' ? 'a printable web page (A4)' : 'Word'}: as published, or a draft as it reads now`,
          params: BulletinParams,
          response: { 200: z.any(), ...queryProblems },
        },
      },
      async (request, reply) => {
        const documents = await desk.documents(request.params.bulletinId)
        const fileName = `${request.params.bulletinId}.${format}`
        if (format === 'html') return reply.type('text/html; charset=utf-8').send(documents.html)
        return reply
          .type(DOCX)
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(documents.docx)
      },
    )
}

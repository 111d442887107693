/**
 * The read models over HTTP: one endpoint per view, each answering now or `asOf` a date or log
 * position, with paging, filters and an ETag. Reads only: who may see what is the access
 * table's (auth/access-table.ts); these routes only narrow a task's history to the units the
 * caller may see.
 */
import type { ReadModels } from '@duban/read-models'
import type { UnitDirectory } from '@duban/units'
import compress from '@fastify/compress'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { maySeeUnit } from '../../auth/access-control'
import { HttpProblem, httpProblem } from '../../http/problem'
import { requireActor } from '../../plugins/actor'
import {
  AsOfBody,
  AsOfQuery,
  answer,
  COMPRESS_THRESHOLD,
  PageBody,
  PageQuery,
  unitIdOf,
  ViewCache,
  viewProblems,
  withETag,
} from './view-http'

export interface QueryRoutesDeps {
  /** Absent where no runner keeps read models (an app built for one test): every view is 503. */
  readModels: ReadModels | undefined
  units: UnitDirectory
  /** Today's business date on the ledger's clock; with it, views are cached by log position. */
  today?: () => string
}

const view = (id: string, shape: z.ZodRawShape) => z.looseObject({ asOf: AsOfBody, ...shape }).meta({ id })

const UnitViewBody = view('UnitView', {
  unitId: z.string(),
  summary: z.looseObject({
    assignments: z.number().int(),
    onTimeRate: z.number().nullable().describe('Obligations due by the date met on time / all due'),
  }),
  assignments: z.array(z.looseObject({ taskId: z.string(), light: z.enum(['green', 'yellow', 'red']) })),
  page: PageBody,
})
const InboxBody = view('Inbox', {
  unitId: z.string(),
  counts: z.looseObject({ total: z.number().int(), unanswered: z.number().int() }),
  items: z.array(z.looseObject({ itemId: z.string(), kind: z.enum(['reminder', 'notice', 'escalation']) })),
  page: PageBody,
})
const OverdueBody = view('OverdueBoard', {
  byStage: z.record(z.string(), z.number().int()),
  lines: z.array(
    z.looseObject({ unitId: z.string(), taskId: z.string(), workingDaysOverdue: z.number().int() }),
  ),
  page: PageBody,
})
const DashboardBody = view('PlanDashboard', { plan: z.looseObject({ planId: z.string() }) })
const IndicatorsBody = view('Indicators', {
  planId: z.string(),
  indicators: z.array(z.looseObject({ targetId: z.string() })),
})
const HistoryBody = view('TaskHistory', {
  taskId: z.string(),
  entries: z.array(z.looseObject({ position: z.number().int(), type: z.string(), actor: z.string() })),
  page: PageBody,
})

const UnitParams = z.object({
  unitId: z.string().min(1).max(100).describe('A unit id or its name, e.g. 市商务委'),
})
const PlanParams = z.object({ planId: z.string().min(1).max(64) })
const TaskParams = z.object({ taskId: z.string().min(1).max(64) })
const Stage = z.enum(['due-soon', 'overdue', 'supervision-notice', 'escalation', 'none'])

export const queryRoutes: FastifyPluginAsyncZod<QueryRoutesDeps> = async (app, deps) => {
  // Views not kept by the view cache (asOf, other pages, task histories) are compressed per answer,
  // above the same threshold; the cache sends its own bodies compressed once per position.
  await app.register(compress, { threshold: COMPRESS_THRESHOLD, encodings: ['br', 'gzip'] })
  const { units } = deps
  const readModels = deps.readModels ?? notRunning()
  // A name is read as of the date asked (a plain YYYY-MM-DD asOf), else as of the ledger's today.
  const unitOf = (unit: string, asOf?: string) =>
    unitIdOf(
      units,
      (id) => readModels.knowsUnit(id),
      unit,
      asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : readModels.todayDate(),
    )
  const tags = ['views']
  const { today } = deps
  const cache = today && new ViewCache(() => `${readModels.readPosition()}.${today()}`)

  app.get(
    '/views/units/:unitId',
    {
      schema: {
        tags,
        summary:
          '单位责任清单: a unit’s tasks, obligations with lights and reasons, returned reports, open notices, on-time rate',
        params: UnitParams,
        querystring: AsOfQuery.extend(PageQuery.shape).extend({ plan: z.string().max(64).optional() }),
        response: { 200: UnitViewBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, plan, limit, offset } = request.query
      const unitId = unitOf(request.params.unitId, asOf)
      const run = () =>
        answer(() =>
          readModels.unitView(unitId, { asOf, ...(plan ? { planId: plan } : {}), ...paging(limit, offset) }),
        )
      if (cache) return cache.serve(request, reply, UnitViewBody, run)
      return withETag(request, reply, await run())
    },
  )

  app.get(
    '/views/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user’s own unit’s accountability view',
        querystring: AsOfQuery.extend(PageQuery.shape),
        response: { 200: UnitViewBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { unitId } = requireActor(request)
      if (!unitId) throw httpProblem('not-found', 'the signed-in user acts for no unit')
      const { asOf, limit, offset } = request.query
      const result = await answer(() => readModels.unitView(unitId, { asOf, ...paging(limit, offset) }))
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/views/units/:unitId/inbox',
    {
      schema: {
        tags,
        summary: 'A unit’s inbox: reminders, supervision notices and escalations, answered or not',
        params: UnitParams,
        querystring: AsOfQuery.extend(PageQuery.shape).extend({
          kind: z.enum(['reminder', 'notice', 'escalation']).optional(),
          unanswered: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: InboxBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, kind, unanswered, limit, offset } = request.query
      const unitId = unitOf(request.params.unitId, asOf)
      const result = await answer(() =>
        readModels.inbox(unitId, {
          asOf,
          ...(kind ? { kind } : {}),
          ...(unanswered ? { unanswered: unanswered === 'true' } : {}),
          ...paging(limit, offset),
        }),
      )
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/views/overdue',
    {
      schema: {
        tags,
        summary:
          'The overdue board: every overdue obligation, working days overdue, ladder stage, unit, task',
        querystring: AsOfQuery.extend(PageQuery.shape).extend({
          plan: z.string().max(64).optional(),
          section: z.string().max(64).optional(),
          unit: z.string().max(100).optional(),
          stage: Stage.optional(),
        }),
        response: { 200: OverdueBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, plan, section, unit, stage, limit, offset } = request.query
      const unitId = unit ? unitOf(unit, asOf) : undefined
      const run = () =>
        answer(() =>
          readModels.overdueBoard({
            asOf,
            ...(plan ? { planId: plan } : {}),
            ...(section ? { sectionId: section } : {}),
            ...(unitId ? { unitId } : {}),
            ...(stage ? { stage } : {}),
            ...paging(limit, offset),
          }),
        )
      if (cache) return cache.serve(request, reply, OverdueBody, run)
      return withETag(request, reply, await run())
    },
  )

  app.get(
    '/views/plans/:planId/dashboard',
    {
      schema: {
        tags,
        summary: 'The plan dashboard: lights by section and unit, escalations, indicators against target',
        params: PlanParams,
        querystring: AsOfQuery,
        response: { 200: DashboardBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const result = await answer(() =>
        readModels.planDashboard(request.params.planId, { asOf: request.query.asOf }),
      )
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/views/plans/:planId/indicators',
    {
      schema: {
        tags,
        summary: 'Indicators: baseline, target, actuals by period (who, when), trajectory, forecast, light',
        params: PlanParams,
        querystring: AsOfQuery.extend({ task: z.string().max(64).optional() }),
        response: { 200: IndicatorsBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, task } = request.query
      const result = await answer(() =>
        readModels.indicators(request.params.planId, { asOf, ...(task ? { taskId: task } : {}) }),
      )
      return withETag(request, reply, result)
    },
  )

  app.get(
    '/views/tasks/:taskId/history',
    {
      schema: {
        tags,
        summary: 'A task’s audit trail: every event with actor, unit and time',
        params: TaskParams,
        querystring: AsOfQuery.extend(PageQuery.shape).extend({ unit: z.string().max(100).optional() }),
        response: { 200: HistoryBody, 304: z.null(), ...viewProblems },
      },
    },
    async (request, reply) => {
      const { asOf, unit, limit, offset } = request.query
      const unitId = unit ? unitOf(unit, asOf) : undefined
      const result = await answer(() =>
        readModels.taskHistory(request.params.taskId, {
          asOf,
          ...(unitId ? { unitId } : {}),
          ...paging(limit, offset),
          // A unit sees the task and its own assignment, never another unit's (as GET /tasks/:taskId).
          unitVisible: (id) => maySeeUnit(request, id),
        }),
      )
      return withETag(request, reply, result)
    },
  )
}

const paging = (limit: number | undefined, offset: number | undefined) => ({
  ...(limit !== undefined ? { limit } : {}),
  ...(offset !== undefined ? { offset } : {}),
})

/** Stands in for absent read models: every view answers 503 problem+json. */
export function notRunning(): ReadModels {
  const refuse = () => {
    throw new HttpProblem({
      type: 'https://duban.dev/problems/read-models-unavailable',
      title: 'The read models are not running',
      status: 503,
    })
  }
  return new Proxy({} as ReadModels, { get: () => refuse })
}

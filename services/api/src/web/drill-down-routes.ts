/**
 * GET /w/dashboard/items: the items behind a figure of 计划总览 or 按时报送排名 (see
 * pages/drill-down.ts), read from the same read-model queries the figure was counted from.
 */
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { pageContext } from './context'
import { DueRange } from './due-range'
import { pageNames } from './names'
import { pageAsOf } from './page-data'
import { type DrillItems, type DrillTask, drillDownPage } from './pages/drill-down'
import type { WebDeps } from './unit-routes'

const Id = z.string().min(1).max(64)
const Light = z.enum(['red', 'yellow', 'green'])
const Query = z.discriminatedUnion('show', [
  z.object({ show: z.literal('tasks'), plan: Id, light: Light, section: Id.optional() }),
  z.object({ show: z.literal('assignments'), plan: Id, unit: Id, light: Light }),
  z.object({
    show: z.literal('due'),
    plan: Id.optional(),
    unit: Id.optional(),
    from: z.string().optional(),
    to: z.string(),
  }),
  z.object({ show: z.literal('escalations'), plan: Id }),
  z.object({ show: z.literal('silent'), plan: Id, task: Id }),
])

export const drillDownRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get(
    '/w/dashboard/items',
    { config: { page: true }, schema: { hide: true } },
    async (request, reply) => {
      const context = pageContext(request, reply, deps)
      const { asOf: _asOf, ...rest } = request.query as Record<string, string>
      const query = Query.parse(rest)
      const asOf = await pageAsOf(deps.views, context)
      // Task numbers and titles as registered by then (every plan's when no plan is asked).
      const tasks = deps.views.periodFacts(await deps.views.asOf(asOf)).tasks(query.plan)
      const taskOf = (taskId: string): DrillTask => {
        const task = tasks.get(taskId)
        return { taskId, number: task?.number ?? '', title: task?.title ?? taskId }
      }
      let items: DrillItems
      if (query.show === 'tasks' || query.show === 'assignments') {
        const dashboard = await deps.views.planDashboard(query.plan, { asOf })
        const behind = 'items' in dashboard ? dashboard.items : { tasks: [], assignments: [] }
        items =
          query.show === 'tasks'
            ? {
                kind: 'tasks',
                light: query.light,
                tasks: behind.tasks
                  .filter((t) => t.light === query.light && (!query.section || t.sectionId === query.section))
                  .map((t) => ({ ...taskOf(t.taskId), light: t.light })),
              }
            : {
                kind: 'assignments',
                unitId: query.unit,
                light: query.light,
                assignments: behind.assignments
                  .filter((a) => a.unitId === query.unit && a.light === query.light)
                  .map((a) => ({ ...taskOf(a.taskId), light: a.light })),
              }
      } else if (query.show === 'due') {
        // No first date: every obligation due by the last.
        const range = DueRange.parse({ from: query.from ?? '0000-01-01', to: query.to })
        const { obligations } = await deps.views.dueObligations({
          asOf,
          range,
          ...(query.plan ? { planId: query.plan } : {}),
          ...(query.unit ? { unitId: query.unit } : {}),
        })
        items = {
          kind: 'due',
          unitId: query.unit ?? null,
          range,
          obligations: obligations.map((o) => ({
            ...taskOf(o.taskId),
            unitId: o.unitId,
            period: o.period,
            dueDate: o.dueDate,
            outcome: o.outcome,
          })),
        }
      } else if (query.show === 'escalations') {
        const escalations: (DrillTask & { unitId: string; on: string; reason: string | null })[] = []
        for (let offset = 0; ; offset += 1000) {
          const view = await deps.views.escalations({ asOf, planId: query.plan, limit: 1000, offset })
          for (const e of view.lines)
            escalations.push({ ...taskOf(e.taskId), unitId: e.unitId, on: e.on, reason: e.reason })
          if (offset + 1000 >= view.page.total) break
        }
        items = { kind: 'escalations', escalations }
      } else {
        const line = (await deps.views.taskBoard(query.plan, { asOf })).tasks.find(
          (t) => t.taskId === query.task,
        )
        items = { kind: 'silent', task: taskOf(query.task), units: line?.silentUnits ?? [] }
      }
      return reply
        .type('text/html')
        .send(drillDownPage(context, items, await pageNames(deps.views, deps.users, context)).value)
    },
  )
}

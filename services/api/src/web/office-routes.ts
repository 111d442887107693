/** The supervision office's pages and the review, notice, extension and closing forms they post. */
import { IssueSupervisionNotice, type TaskDefinition } from '@duban/domain'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { pageContext } from './context'
import { originField } from './form-refill'
import { listQuery, Picks, pageWindow } from './list-controls'
import { pageNames } from './names'
import { assignmentRecord, pageAsOf, taskDefinition, taskLabels } from './page-data'
import {
  confirmNoticesPage,
  type OverdueData,
  overduePage,
  type ReviewData,
  reviewPage,
} from './pages/office'
import { decideEach, newId, runAssignmentCommand, runAssignmentCommands } from './run-command'
import type { WebDeps } from './unit-routes'

const Form = z.record(z.string(), z.string())

/** The bulk notice form: the rows picked, and the notice's own fields as the command defines them. */
const BulkNotice = z.object({
  pick: Picks,
  ...IssueSupervisionNotice.shape.data.pick({ grade: true, reason: true, answerDueDate: true }).shape,
})
type BulkNotice = z.infer<typeof BulkNotice>
const page = { config: { page: true }, schema: { hide: true } }

/** One IssueSupervisionNotice per row picked (a row picked twice is one notice). */
const notices = (form: BulkNotice, today: string) =>
  [...new Set(form.pick.map(({ taskId, unitId }) => `${taskId}~${unitId}`))].map((key) => {
    const [taskId, unitId] = key.split('~')
    return {
      type: 'IssueSupervisionNotice' as const,
      data: {
        taskId,
        unitId,
        noticeId: newId('n', today),
        grade: form.grade,
        reason: form.reason,
        answerDueDate: form.answerDueDate,
      },
    }
  })

export const officeRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/w/office/overdue', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const q = listQuery(request.query)
    const asOf = await pageAsOf(deps.views, context)
    const board = await deps.views.overdueBoard({
      asOf,
      ...pageWindow(q),
      planId: q.plan,
      sectionId: q.section,
      unitId: q.unit,
      stage: q.stage,
      light: q.light,
      query: q.q,
    })
    const unitLights = q.unit
      ? (await deps.views.unitView(q.unit, { asOf, limit: 1 })).summary.lights
      : undefined
    const data: OverdueData = {
      board,
      query: q,
      plans: (await deps.views.plans({ asOf })).plans,
      ...(unitLights ? { unitLights } : {}),
      label: await taskLabels(deps.views, asOf),
      names: await pageNames(deps.views, deps.users, context),
    }
    return reply.type('text/html').send(overduePage(context, data, q.done).value)
  })

  app.get('/w/office/reviews', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const q = listQuery(request.query)
    const asOf = await pageAsOf(deps.views, context)
    const queue = await deps.views.reviewQueue({ asOf, ...pageWindow(q), unitId: q.unit, planId: q.plan })
    // What was written is in each waiting assignment's own stream; each is read once.
    const records = new Map<string, Awaited<ReturnType<typeof assignmentRecord>>>()
    const tasks = new Map<string, TaskDefinition | { taskId: string }>()
    const recordOf = async ({ taskId, unitId }: { taskId: string; unitId: string }) => {
      const key = `${taskId}~${unitId}`
      if (!tasks.has(taskId))
        tasks.set(taskId, (await taskDefinition(deps.views, taskId, asOf)) ?? { taskId })
      const record = records.get(key) ?? (await assignmentRecord(deps.views, taskId, unitId, asOf))
      records.set(key, record)
      return { record, task: tasks.get(taskId)! }
    }
    const data: ReviewData = {
      reports: [],
      extensions: [],
      closings: [],
      counts: queue.counts,
      query: q,
      plans: (await deps.views.plans({ asOf })).plans,
      label: await taskLabels(deps.views, asOf),
      names: await pageNames(deps.views, deps.users, context),
    }
    for (const line of queue.reports) {
      const { record, task } = await recordOf(line)
      const report = record.reports.find((r) => r.reportId === line.reportId)
      if (report) data.reports.push({ ...task, unitId: line.unitId, report })
    }
    for (const line of queue.extensions) {
      const { record, task } = await recordOf(line)
      if (record.pendingExtension)
        data.extensions.push({ ...task, unitId: line.unitId, request: record.pendingExtension })
    }
    for (const line of queue.closings) {
      const { record, task } = await recordOf(line)
      data.closings.push({ ...task, unitId: line.unitId, summary: record.completion?.summary ?? '' })
    }
    return reply.type('text/html').send(reviewPage(context, data, q.done).value)
  })

  /** 批量下发督办单, step one: the rows picked and the notice, shown once for confirmation; nothing is written. */
  app.post('/w/office/notices/confirm', { schema: { hide: true } }, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const form = BulkNotice.parse(request.body ?? {})
    await decideEach(deps.ledger, request, notices(form, context.today))
    const label = await taskLabels(deps.views, undefined)
    const picked = []
    for (const { taskId, unitId } of form.pick) {
      const task = await taskDefinition(deps.views, taskId, undefined).catch(() => undefined)
      picked.push({ taskId, unitId, label: label(task ?? { taskId }) })
    }
    return reply.type('text/html').send(confirmNoticesPage(context, picked, form, originField(request)).value)
  })

  /** Step two: one IssueSupervisionNotice per row, each its own event in the log, through the one command path. */
  app.post('/w/office/notices', { schema: { hide: true } }, async (request, reply) => {
    const form = BulkNotice.parse(request.body ?? {})
    await runAssignmentCommands(deps.ledger, request, notices(form, pageContext(request, reply, deps).today))
    return reply.redirect(`/w/office/overdue?done=notices&n=${form.pick.length}`, 303)
  })

  const action = (
    path: string,
    code: string,
    back: 'overdue' | 'reviews',
    command: (
      ids: Record<string, string>,
      form: Record<string, string>,
      today: string,
    ) => { type: string; data: object },
  ) =>
    app.post(
      `/w/office/tasks/:taskId/units/:unitId/${path}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const ids = request.params as Record<string, string> & { unitId: string; taskId: string }
        const form = Form.parse(request.body ?? {})
        const today = pageContext(request, reply, deps).today
        const { type, data } = command(ids, form, today)
        await runAssignmentCommand(deps.ledger, request, {
          type,
          data: { taskId: ids.taskId, unitId: ids.unitId, ...data },
        })
        const to =
          form.back === 'assignment' ? `/w/units/${ids.unitId}/tasks/${ids.taskId}` : `/w/office/${back}`
        return reply.redirect(`${to}?done=${code}`, 303)
      },
    )

  const note = (text: string | undefined) => (text?.trim() ? { comment: text } : {})
  action('reports/:reportId/accept', 'accept', 'reviews', (ids, form) => ({
    type: 'AcceptProgressReport',
    data: { reportId: ids.reportId, ...note(form.comment) },
  }))
  action('reports/:reportId/return', 'return', 'reviews', (ids, form) => ({
    type: 'ReturnProgressReport',
    data: { reportId: ids.reportId, reason: form.reason ?? '' },
  }))
  action('extensions/:requestId/grant', 'grant', 'reviews', (ids, form) => ({
    type: 'GrantExtension',
    data: { requestId: ids.requestId, ...note(form.comment) },
  }))
  action('extensions/:requestId/refuse', 'refuse', 'reviews', (ids, form) => ({
    type: 'RefuseExtension',
    data: { requestId: ids.requestId, reason: form.reason ?? '' },
  }))
  action('completion/verify', 'verify', 'reviews', (_ids, form) => ({
    type: 'VerifyCompletion',
    data: note(form.comment),
  }))
  action('completion/send-back', 'send-back', 'reviews', (_ids, form) => ({
    type: 'SendBackCompletion',
    data: { reason: form.reason ?? '' },
  }))
  action('notice', 'notice', 'overdue', (_ids, form, today) => ({
    type: 'IssueSupervisionNotice',
    data: {
      noticeId: newId('n', today),
      grade: form.grade ?? 'general',
      reason: form.reason ?? '',
      answerDueDate: form.answerDueDate ?? '',
    },
  }))
}

/** The supervision office's pages and the review, notice, extension and closing forms they post. */
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { pageContext } from './context'
import { assignmentRecord, pageAsOf, taskDefinition, taskLabels } from './page-data'
import { OVERDUE_READ, overduePage, type ReviewData, reviewPage } from './pages/office'
import { newId, runAssignmentCommand } from './run-command'
import type { WebDeps } from './unit-routes'

const Form = z.record(z.string(), z.string())
const page = { config: { page: true }, schema: { hide: true } }

export const officeRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/w/office/overdue', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const code = (request.query as { done?: string }).done
    const asOf = await pageAsOf(deps.views, context)
    const unit = (request.query as { unit?: string }).unit
    const board = await deps.views.overdueBoard({
      asOf,
      limit: OVERDUE_READ,
      ...(unit ? { unitId: unit } : {}),
    })
    const label = await taskLabels(deps.views, asOf)
    return reply.type('text/html').send(overduePage(context, board, label, code).value)
  })

  app.get('/w/office/reviews', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const code = (request.query as { done?: string }).done
    const asOf = await pageAsOf(deps.views, context)
    const queue = await deps.views.reviewQueue({ asOf })
    // What was written is in each waiting assignment's own stream; each is read once.
    const records = new Map<string, Awaited<ReturnType<typeof assignmentRecord>>>()
    const tasks = new Map<string, { taskId: string; planId?: string; number?: string; title?: string }>()
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
      label: await taskLabels(deps.views, asOf),
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
    return reply.type('text/html').send(reviewPage(context, data, code).value)
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

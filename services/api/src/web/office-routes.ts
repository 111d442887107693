/** The supervision office's pages and the review, notice, extension and closing forms they post. */
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { pageContext } from './context'
import { overduePage, reviewPage } from './pages/office'
import { newId, runAssignmentCommand } from './run-command'
import type { WebDeps } from './unit-routes'

const Form = z.record(z.string(), z.string())
const page = { config: { page: true }, schema: { hide: true } }

export const officeRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/w/office/overdue', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const code = (request.query as { done?: string }).done
    return reply.type('text/html').send(overduePage(context, await deps.viewAsOf(context.asOf), code).value)
  })

  app.get('/w/office/reviews', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const code = (request.query as { done?: string }).done
    return reply.type('text/html').send(reviewPage(context, await deps.viewAsOf(context.asOf), code).value)
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

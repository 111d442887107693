/** The lead unit's and the district's pages, and the forms they post: each runs one domain command. */
import { Id } from '@duban/domain'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { httpProblem } from '../http/problem'
import { pageContext } from './context'
import type { LedgerView } from './ledger-view'
import { assignmentKey } from './ledger-view'
import { unitAssignmentPage } from './pages/unit-assignment'
import { unitInboxPage } from './pages/unit-inbox'
import { unitTasksPage } from './pages/unit-tasks'
import { lines, newId, runAssignmentCommand } from './run-command'

export interface WebDeps extends AppDeps {
  viewAsOf(asOf: string): Promise<LedgerView>
}

const UnitParams = z.object({ unitId: Id })
const AssignmentParams = z.object({ unitId: Id, taskId: Id })
const Form = z.record(z.string(), z.string())
const page = { config: { page: true }, schema: { hide: true } }

export const unitRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/w/units/:unitId', page, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    return reply
      .type('text/html')
      .send(unitTasksPage(context, await deps.viewAsOf(context.asOf), unitId).value)
  })

  app.get('/w/units/:unitId/inbox', page, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const done = (request.query as { done?: string }).done
    return reply
      .type('text/html')
      .send(unitInboxPage(context, await deps.viewAsOf(context.asOf), unitId, done).value)
  })

  app.get('/w/units/:unitId/tasks/:taskId', page, async (request, reply) => {
    const { unitId, taskId } = AssignmentParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const view = await deps.viewAsOf(context.asOf)
    const task = view.tasks.get(taskId)
    const assignment = view.assignments.get(assignmentKey(taskId, unitId))
    if (!task || !assignment)
      throw httpProblem('not-found', `no assignment of task ${taskId} to ${unitId} as of ${context.asOf}`)
    const done = (request.query as { done?: string }).done
    return reply.type('text/html').send(unitAssignmentPage(context, view, task, assignment, done).value)
  })

  /** A form post: run the command, then back to the page it came from (303, so a reload does not repost). */
  const action = (
    path: string,
    command: (ids: Record<string, string>, form: Record<string, string>, today: string) => unknown,
  ) =>
    app.post(`/w/units/:unitId/tasks/:taskId/${path}`, { schema: { hide: true } }, async (request, reply) => {
      const ids = request.params as Record<string, string> & { unitId: string; taskId: string }
      const form = Form.parse(request.body ?? {})
      const today = pageContext(request, reply, deps).today
      await runAssignmentCommand(deps.ledger, request, command(ids, form, today))
      const done = path.startsWith('notices/') ? 'answer' : path
      const back =
        form.back === 'inbox' ? `/w/units/${ids.unitId}/inbox` : `/w/units/${ids.unitId}/tasks/${ids.taskId}`
      return reply.redirect(`${back}?done=${done}`, 303)
    })

  const base = (ids: Record<string, string>) => ({ taskId: ids.taskId, unitId: ids.unitId })

  action('acknowledge', (ids) => ({ type: 'AcknowledgeAssignment', data: base(ids) }))

  action('report', (ids, form, today) => {
    const indicatorValues = Object.entries(form)
      .filter(([name, value]) => name.startsWith('indicator.') && value.trim() !== '')
      .map(([name, value]) => {
        const targetId = name.slice('indicator.'.length)
        return {
          targetId,
          value: Number(value),
          period: form[`period.${targetId}`]?.trim() || today.slice(0, 4),
        }
      })
    return {
      type: 'SubmitProgressReport',
      data: {
        ...base(ids),
        reportId: newId('r', today),
        ...(form.obligationId ? { obligationId: form.obligationId } : {}),
        narrative: form.narrative ?? '',
        indicatorValues,
        evidence: lines(form.evidence),
      },
    }
  })

  action('extension', (ids, form, today) => ({
    type: 'RequestExtension',
    data: {
      ...base(ids),
      requestId: newId('x', today),
      ...(form.obligationId ? { obligationId: form.obligationId } : {}),
      requestedDueDate: form.requestedDueDate ?? '',
      reason: form.reason ?? '',
    },
  }))

  action('completion', (ids, form) => ({
    type: 'RequestCompletion',
    data: { ...base(ids), summary: form.summary ?? '', evidence: lines(form.evidence) },
  }))

  action('notices/:noticeId/answer', (ids, form) => ({
    type: 'AnswerSupervisionNotice',
    data: { ...base(ids), noticeId: ids.noticeId, answer: form.answer ?? '', evidence: lines(form.evidence) },
  }))
}

/** The lead unit's and the district's pages, and the forms they post: each runs one domain command. */
import { type Attachment, Id, MAX_ATTACHMENTS } from '@duban/domain'
import type { ReadModels } from '@duban/read-models'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { ATTACHMENT_MAX_BYTES } from '../attachments/policy'
import { withAttachments } from '../attachments/store-files'
import { textFieldsOf, uploadsOf } from '../attachments/upload'
import { httpProblem } from '../http/problem'
import { pageContext } from './context'
import { assignmentRecord, pageAsOf, taskDefinition, taskLabels } from './page-data'
import { unitAssignmentPage } from './pages/unit-assignment'
import { unitInboxPage } from './pages/unit-inbox'
import { unitTasksPage } from './pages/unit-tasks'
import { lines, newId, runAssignmentCommand } from './run-command'

export interface WebDeps extends AppDeps {
  /** The read models every page reads: the same queries as the /views API. */
  views: ReadModels
}

/** A unit with more assignments than this is shown its worst first (the API pages through all). */
const UNIT_PAGE_LIMIT = 1000
/** Besides every open notice, the inbox shows this many of the latest other items. */
const INBOX_LATEST = 30

const UnitParams = z.object({ unitId: Id })
const AssignmentParams = z.object({ unitId: Id, taskId: Id })
const Form = z.record(z.string(), z.string())
const page = { config: { page: true }, schema: { hide: true } }
/** A unit's form: the report form may carry up to MAX_ATTACHMENTS evidence files. */
const uploadRoute = {
  schema: { hide: true },
  config: { multipartOptions: { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: MAX_ATTACHMENTS } } },
}

export const unitRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/w/units/:unitId', page, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const asOf = await pageAsOf(deps.views, context)
    const view = await deps.views.unitView(unitId, { asOf, limit: UNIT_PAGE_LIMIT })
    const queue = await deps.views.reviewQueue({ asOf })
    const pendingExtensions = new Set(
      queue.extensions.filter((x) => x.unitId === unitId).map((x) => x.taskId),
    )
    const label = await taskLabels(deps.views, asOf)
    return reply.type('text/html').send(unitTasksPage(context, { view, label, pendingExtensions }).value)
  })

  app.get('/w/units/:unitId/inbox', page, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const done = (request.query as { done?: string }).done
    const asOf = await pageAsOf(deps.views, context)
    const inbox = (options: Parameters<ReadModels['inbox']>[1]) =>
      deps.views.inbox(unitId, { asOf, ...options })
    const open = await inbox({ kind: 'notice', unanswered: true, limit: UNIT_PAGE_LIMIT })
    const all = await inbox({ limit: INBOX_LATEST + open.items.length })
    const latest = all.items
      .filter((item) => !(item.kind === 'notice' && !item.answered))
      .slice(0, INBOX_LATEST)
    const reminders = await inbox({ kind: 'reminder', limit: 1 })
    // The answers' text is in the assignments' own streams: read those of the answered notices shown.
    const answers = new Map<string, { text: string; on: string }>()
    for (const taskId of new Set(latest.filter((i) => i.kind === 'notice').map((i) => i.taskId))) {
      const record = await assignmentRecord(deps.views, taskId, unitId, asOf)
      for (const item of record.inbox)
        if (item.kind === 'notice' && item.answer) answers.set(`notice:${item.id}`, item.answer)
    }
    const data = {
      view: await deps.views.unitView(unitId, { asOf, limit: UNIT_PAGE_LIMIT }),
      open: open.items,
      latest,
      notShown: all.counts.total - open.items.length - latest.length,
      counts: {
        reminders: reminders.page.total,
        notices: all.counts.notices,
        openNotices: all.counts.unansweredNotices,
      },
      answers,
      label: await taskLabels(deps.views, asOf),
    }
    return reply.type('text/html').send(unitInboxPage(context, data, done).value)
  })

  app.get('/w/units/:unitId/tasks/:taskId', page, async (request, reply) => {
    const { unitId, taskId } = AssignmentParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const asOf = await pageAsOf(deps.views, context)
    const missing = () =>
      httpProblem('not-found', `no assignment of task ${taskId} to ${unitId} as of ${context.asOf}`)
    const task = await taskDefinition(deps.views, taskId, asOf).catch(() => {
      throw missing()
    })
    const view =
      task && (await deps.views.unitView(unitId, { asOf, planId: task.planId, limit: UNIT_PAGE_LIMIT }))
    const assignment = view?.assignments.find((a) => a.taskId === taskId)
    if (!task || !assignment) throw missing()
    const data = {
      unitId,
      assignment,
      task,
      record: await assignmentRecord(deps.views, taskId, unitId, asOf),
      label: await taskLabels(deps.views, asOf),
    }
    const done = (request.query as { done?: string }).done
    return reply.type('text/html').send(unitAssignmentPage(context, data, done).value)
  })

  /** A form post: run the command, then back to the page it came from (303, so a reload does not repost). */
  const action = (
    path: string,
    command: (
      ids: Record<string, string>,
      form: Record<string, string>,
      today: string,
      attachments: Attachment[],
    ) => unknown,
  ) =>
    app.post(`/w/units/:unitId/tasks/:taskId/${path}`, uploadRoute, async (request, reply) => {
      const ids = request.params as Record<string, string> & { unitId: string; taskId: string }
      const form = Form.parse(textFieldsOf(request.body))
      const today = pageContext(request, reply, deps).today
      // Files (only the report form has them) are stored with the event, or neither.
      await withAttachments(deps.attachments, uploadsOf(request.body, 'attachments'), (attachments) =>
        runAssignmentCommand(deps.ledger, request, command(ids, form, today, attachments)),
      )
      const done = path.startsWith('notices/') ? 'answer' : path
      const back =
        form.back === 'inbox' ? `/w/units/${ids.unitId}/inbox` : `/w/units/${ids.unitId}/tasks/${ids.taskId}`
      return reply.redirect(`${back}?done=${done}`, 303)
    })

  const base = (ids: Record<string, string>) => ({ taskId: ids.taskId, unitId: ids.unitId })

  action('acknowledge', (ids) => ({ type: 'AcknowledgeAssignment', data: base(ids) }))

  action('report', (ids, form, today, attachments) => {
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
        ...(attachments.length > 0 && { attachments }),
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
    data: {
      ...base(ids),
      noticeId: ids.noticeId,
      answer: form.answer ?? '',
      evidence: lines(form.evidence),
      // 承诺报送日期: a ladder notice requires one (the domain says so, clearly, if it is missing).
      ...(form.committedDate ? { committedDate: form.committedDate } : {}),
    },
  }))
}

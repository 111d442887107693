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
import { originField } from './form-refill'
import { listQuery, Picks, pageWindow } from './list-controls'
import { pageNames } from './names'
import { assignmentRecord, pageAsOf, taskDefinition, taskLabels } from './page-data'
import { unitAssignmentPage } from './pages/unit-assignment'
import { confirmAcknowledgePage, type InboxData, unitInboxPage } from './pages/unit-inbox'
import { unitTasksPage } from './pages/unit-tasks'
import { decideEach, lines, newId, runAssignmentCommand, runAssignmentCommands } from './run-command'

export interface WebDeps extends AppDeps {
  /** The read models every page reads: the same queries as the /views API. */
  views: ReadModels
}

/** The one assignment page reads the unit's view of its plan (a district's plan has at most this many). */
const UNIT_PAGE_LIMIT = 1000
/** 批量签收 offers at most this many assignments at once. */
const ACKNOWLEDGE_AT_ONCE = 200

/** The rows a bulk form picked, each of the unit in the URL (the access table checked that unit). */
function ownPicks(unitId: string, body: unknown) {
  const { pick } = z.object({ pick: Picks }).parse(body ?? {})
  if (pick.some((p) => p.unitId !== unitId))
    throw httpProblem('forbidden', "only the unit's own assignments can be acknowledged", {
      detailZh: '只能签收本单位的交办。所选事项中有其他单位的交办，请刷新页面后重新勾选。',
    })
  // A row picked twice is signed for once.
  return [...new Set(pick.map((p) => p.taskId))].map((taskId) => ({
    type: 'AcknowledgeAssignment' as const,
    data: { taskId, unitId },
  }))
}

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
    const q = listQuery(request.query)
    const asOf = await pageAsOf(deps.views, context)
    const view = await deps.views.unitView(unitId, {
      asOf,
      ...pageWindow(q),
      order: 'worst',
      planId: q.plan,
      sectionId: q.section,
      light: q.light,
      query: q.q,
    })
    const queue = await deps.views.reviewQueue({ asOf, unitId })
    const pendingExtensions = new Set(queue.extensions.map((x) => x.taskId))
    // Returned reports are few; they are listed whatever page of the tasks is shown.
    const returned =
      view.summary.returnedReports === 0
        ? []
        : (await deps.views.unitView(unitId, { asOf, limit: 1000 })).assignments.flatMap((assignment) =>
            assignment.returnedReports.map((report) => ({ assignment, report })),
          )
    const data = {
      view,
      returned,
      pendingExtensions,
      query: q,
      plans: (await deps.views.plans({ asOf })).plans,
      label: await taskLabels(deps.views, asOf),
      names: await pageNames(deps.views, deps.users, context),
    }
    return reply.type('text/html').send(unitTasksPage(context, data).value)
  })

  app.get('/w/units/:unitId/inbox', page, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const q = listQuery(request.query)
    const asOf = await pageAsOf(deps.views, context)
    const show = q.show ?? 'open'
    const inbox = await deps.views.inbox(unitId, {
      asOf,
      ...pageWindow(q),
      kind: q.kind,
      query: q.q,
      ...(show === 'open' ? { unanswered: true } : show === 'handled' ? { answered: true } : {}),
    })
    const unacknowledged = await deps.views.unitView(unitId, {
      asOf,
      acknowledged: false,
      limit: ACKNOWLEDGE_AT_ONCE,
    })
    // The answers' text is in the assignments' own streams: read those of the answered notices shown.
    const answers = new Map<string, { text: string; on: string }>()
    const answered = inbox.items.filter((i) => i.kind === 'notice' && i.answered)
    for (const taskId of new Set(answered.map((i) => i.taskId))) {
      const record = await assignmentRecord(deps.views, taskId, unitId, asOf)
      for (const item of record.inbox)
        if (item.kind === 'notice' && item.answer) answers.set(`notice:${item.id}`, item.answer)
    }
    const data: InboxData = {
      unitId,
      items: inbox.items,
      total: inbox.page.total,
      counts: inbox.counts,
      unacknowledged: unacknowledged.assignments.filter((a) => a.status !== 'closed'),
      unacknowledgedTotal: unacknowledged.page.total,
      answers,
      query: q,
      label: await taskLabels(deps.views, asOf),
      names: await pageNames(deps.views, deps.users, context),
    }
    return reply.type('text/html').send(unitInboxPage(context, data).value)
  })

  /** 批量签收, step one: the assignments picked, shown once for confirmation; nothing is written. */
  app.post('/w/units/:unitId/acknowledge/confirm', { schema: { hide: true } }, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const context = pageContext(request, reply, deps)
    const picks = await decideEach(deps.ledger, request, ownPicks(unitId, request.body))
    const label = await taskLabels(deps.views, undefined)
    const picked = []
    for (const { taskId } of picks.map((p) => p.data)) {
      const task = await taskDefinition(deps.views, taskId, undefined).catch(() => undefined)
      picked.push({ taskId, label: label(task ?? { taskId }) })
    }
    return reply
      .type('text/html')
      .send(confirmAcknowledgePage(context, unitId, picked, originField(request)).value)
  })

  /** Step two: one AcknowledgeAssignment per assignment, each its own event, through the one command path. */
  app.post('/w/units/:unitId/acknowledge', { schema: { hide: true } }, async (request, reply) => {
    const { unitId } = UnitParams.parse(request.params)
    const picks = ownPicks(unitId, request.body)
    await runAssignmentCommands(deps.ledger, request, picks)
    return reply.redirect(`/w/units/${unitId}/inbox?done=acknowledge&n=${picks.length}`, 303)
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
      names: await pageNames(deps.views, deps.users, context),
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

/**
 * What the web pages show, folded from the event log as it stood at the end of a business day
 * (Asia/Shanghai): plans, tasks, and every assignment with its reports, reminders, notices,
 * extensions, closing and light. One fold serves every page of the same day and log head, so a
 * page costs a fold only when the log moved. (The query read models replace this as they land.)
 */
import { businessDateOf, type DomainEvent, type PlanState, policy, type TaskDefinition } from '@duban/domain'
import type { EventStore } from '@duban/eventstore'
import type { LedgerDeps } from '@duban/ledger'

export interface ReportView {
  reportId: string
  obligationId: string | undefined
  period: string | undefined
  narrative: string
  indicatorValues: readonly { targetId: string; value: number; period: string }[]
  evidence: readonly string[]
  submittedOn: string
  submittedBy: string
  status: 'submitted' | 'accepted' | 'returned'
  reviewedOn?: string
  /** Why it was returned (退回理由), or the reviewer's comment on acceptance. */
  reviewNote?: string
}

export interface InboxItem {
  kind: 'reminder' | 'notice' | 'escalation'
  id: string
  on: string
  text: string
  /** 督办单: the grade and the date its answer is due; answered once the unit answered. */
  grade?: 'general' | 'priority' | 'listed'
  answerDueDate?: string
  answer?: { text: string; on: string }
  reminderKind?: 'manual' | 'due_soon' | 'overdue'
}

export interface AssignmentView {
  taskId: string
  unitId: string
  role: 'lead' | 'co' | 'district'
  dueDate: string
  status: 'open' | 'completion_requested' | 'closed'
  acknowledged: boolean
  obligations: {
    obligationId: string
    period: string
    dueDate: string
    status: 'open' | 'under_review' | 'met'
  }[]
  reports: ReportView[]
  inbox: InboxItem[]
  pendingExtension: { requestId: string; requestedDueDate: string; reason: string; on: string } | null
  extensions: { requestId: string; outcome: 'granted' | 'refused'; on: string; note: string }[]
  completion: { summary: string; on: string } | null
  light: policy.LightVerdict
}

export type TaskView = TaskDefinition & { status: 'open' | 'completion_requested' | 'closed' }
export type PlanView = Extract<PlanState, { status: 'registered' }>

export interface LedgerView {
  asOf: string
  plans: Map<string, PlanView>
  tasks: Map<string, TaskView>
  /** By `${taskId}~${unitId}`. */
  assignments: Map<string, AssignmentView>
}

export const assignmentKey = (taskId: string, unitId: string) => `${taskId}~${unitId}`

type Draft = Omit<AssignmentView, 'light'> & {
  notices: Map<string, { issuedOn: string; answerDueOn: string; answeredOn: string | null }>
}

export function ledgerViews(
  ledger: LedgerDeps,
  store: EventStore,
  workingDays: policy.WorkingDays,
): (asOf: string) => Promise<LedgerView> {
  let cached: { key: string; view: LedgerView } | undefined
  return async (asOf) => {
    const key = `${asOf}@${await store.headPosition()}`
    if (cached?.key === key) return cached.view
    const view = await fold(ledger, store, workingDays, asOf)
    cached = { key, view }
    return view
  }
}

async function fold(
  ledger: LedgerDeps,
  store: EventStore,
  workingDays: policy.WorkingDays,
  asOf: string,
): Promise<LedgerView> {
  const plans = new Map<string, PlanView>()
  const tasks = new Map<string, TaskView>()
  const drafts = new Map<string, Draft>()
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: 2000 })
    if (batch.length === 0) break
    after = batch[batch.length - 1]!.position
    for (const recorded of batch) {
      // As the ledger stood: what was recorded by the end of the day, dated by the day it speaks of.
      if (businessDateOf(new Date(recorded.metadata.recordedAt)) > asOf) continue
      const on = recorded.metadata.businessDate ?? businessDateOf(new Date(recorded.metadata.recordedAt))
      const event = ledger.codec.decode(recorded) as DomainEvent
      const by = String(recorded.metadata.actor ?? '')
      apply(event, on, by, plans, tasks, drafts)
    }
  }
  const escalation = policy.defaultEscalationPolicy
  const assignments = new Map<string, AssignmentView>()
  for (const [key, draft] of drafts) {
    const { notices, ...rest } = draft
    assignments.set(key, { ...rest, light: lightOf(draft, asOf, escalation, workingDays) })
  }
  return { asOf, plans, tasks, assignments }
}

function apply(
  event: DomainEvent,
  on: string,
  by: string,
  plans: Map<string, PlanView>,
  tasks: Map<string, TaskView>,
  drafts: Map<string, Draft>,
): void {
  if (event.type === 'PlanRegistered') {
    plans.set(event.data.planId, { status: 'registered', ...event.data })
    return
  }
  if (event.type === 'TaskRegistered') {
    tasks.set(event.data.taskId, { status: 'open', ...event.data })
    return
  }
  const task = 'taskId' in event.data ? tasks.get(event.data.taskId) : undefined
  switch (event.type) {
    case 'TaskCompletionRequested':
      if (task) task.status = 'completion_requested'
      return
    case 'TaskCompletionSentBack':
    case 'TaskReopened':
      if (task) task.status = 'open'
      return
    case 'TaskClosed':
      if (task) task.status = 'closed'
      return
    case 'TaskDeadlineExtended':
      if (task) task.deadline = event.data.newDeadline
      return
    case 'TaskAssigned': {
      const { taskId, unitId, role, dueDate } = event.data
      drafts.set(assignmentKey(taskId, unitId), {
        taskId,
        unitId,
        role,
        dueDate,
        status: 'open',
        acknowledged: false,
        obligations: [],
        reports: [],
        inbox: [],
        notices: new Map(),
        pendingExtension: null,
        extensions: [],
        completion: null,
      })
      return
    }
  }
  const a = drafts.get(assignmentKey(event.data.taskId, (event.data as { unitId: string }).unitId))
  if (!a) return
  const report = (id: string) => a.reports.find((r) => r.reportId === id)
  const obligation = (id: string | undefined) => a.obligations.find((o) => o.obligationId === id)
  switch (event.type) {
    case 'AssignmentAcknowledged':
      a.acknowledged = true
      return
    case 'ObligationOpened': {
      const { obligationId, period, dueDate } = event.data
      a.obligations.push({ obligationId, period, dueDate, status: 'open' })
      return
    }
    case 'ProgressReportSubmitted': {
      const { reportId, obligationId, period, narrative, indicatorValues, evidence } = event.data
      a.reports.push({
        reportId,
        obligationId,
        period: period ?? obligation(obligationId)?.period,
        narrative,
        indicatorValues,
        evidence,
        submittedOn: on,
        submittedBy: by,
        status: 'submitted',
      })
      const o = obligation(obligationId)
      if (o) o.status = 'under_review'
      return
    }
    case 'ProgressReportAccepted':
    case 'ProgressReportReturned': {
      const r = report(event.data.reportId)
      if (!r) return
      const accepted = event.type === 'ProgressReportAccepted'
      r.status = accepted ? 'accepted' : 'returned'
      r.reviewedOn = on
      const note = 'reason' in event.data ? event.data.reason : event.data.comment
      if (note !== undefined) r.reviewNote = note
      const o = obligation(r.obligationId)
      if (o) o.status = accepted ? 'met' : 'open'
      return
    }
    case 'ReminderSent':
      a.inbox.push({
        kind: 'reminder',
        id: event.data.reminderId,
        on,
        text: event.data.message ?? '',
        reminderKind: event.data.kind,
      })
      return
    case 'SupervisionNoticeIssued': {
      const { noticeId, grade, reason, answerDueDate } = event.data
      a.inbox.push({ kind: 'notice', id: noticeId, on, text: reason, grade, answerDueDate })
      a.notices.set(noticeId, { issuedOn: on, answerDueOn: answerDueDate, answeredOn: null })
      return
    }
    case 'SupervisionNoticeAnswered': {
      const item = a.inbox.find((i) => i.kind === 'notice' && i.id === event.data.noticeId)
      if (item) item.answer = { text: event.data.answer, on }
      const notice = a.notices.get(event.data.noticeId)
      if (notice) notice.answeredOn = on
      return
    }
    case 'EscalatedToLeadership':
      a.inbox.push({ kind: 'escalation', id: event.data.escalationId, on, text: event.data.reason })
      return
    case 'ExtensionRequested': {
      const { requestId, requestedDueDate, reason } = event.data
      a.pendingExtension = { requestId, requestedDueDate, reason, on }
      return
    }
    case 'ExtensionGranted': {
      const { requestId, obligationId, newDueDate, comment } = event.data
      const o = obligation(obligationId)
      if (o) o.dueDate = newDueDate
      else if (obligationId === undefined) a.dueDate = newDueDate
      a.extensions.push({ requestId, outcome: 'granted', on, note: comment ?? `新截止日 ${newDueDate}` })
      a.pendingExtension = null
      return
    }
    case 'ExtensionRefused':
      a.extensions.push({ requestId: event.data.requestId, outcome: 'refused', on, note: event.data.reason })
      a.pendingExtension = null
      return
    case 'CompletionRequested':
      a.status = 'completion_requested'
      a.completion = { summary: event.data.summary, on }
      return
    case 'CompletionSentBack':
    case 'AssignmentReopened':
      a.status = 'open'
      a.completion = null
      return
    case 'AssignmentClosed':
      a.status = 'closed'
      return
  }
}

/** The assignment's light: the worst of its obligations and of its own due date, by the ladder. */
function lightOf(
  a: Draft,
  asOf: string,
  escalation: policy.EscalationPolicy,
  workingDays: policy.WorkingDays,
): policy.LightVerdict {
  const notices = [...a.notices].map(([noticeId, n]) => ({ noticeId, ...n }))
  const reportFacts = (obligationId: string | undefined) =>
    a.reports
      .filter((r) => r.obligationId === obligationId)
      .map((r) => ({
        reportId: r.reportId,
        submittedOn: r.submittedOn,
        review:
          r.status === 'submitted' || !r.reviewedOn
            ? null
            : { outcome: r.status as 'accepted' | 'returned', on: r.reviewedOn },
      }))
  const verdicts = a.obligations.map((o) =>
    policy.lightFor(
      {
        obligationId: o.obligationId,
        dueDate: o.dueDate,
        reports: reportFacts(o.obligationId),
        notices,
        stagesReached: [],
      },
      asOf,
      escalation,
      workingDays,
    ),
  )
  if (a.status !== 'closed') {
    // The assignment's own due date counts like an obligation that only closing (销号) settles.
    verdicts.push(
      policy.lightFor(
        {
          obligationId: `${a.taskId}~${a.unitId}`,
          dueDate: a.dueDate,
          reports: [],
          notices,
          stagesReached: [],
        },
        asOf,
        escalation,
        workingDays,
      ),
    )
  }
  return policy.assignmentLight(
    { assignmentId: `${a.taskId}~${a.unitId}`, obligations: verdicts },
    escalation,
  )
}

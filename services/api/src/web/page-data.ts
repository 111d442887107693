/**
 * What the pages show, read from the read models — the same queries the /views API serves, so a
 * page and the API never disagree on a light. What the read models do not copy (a report's
 * narrative, a notice's answer, an extension's reason) is read from the one assignment's own
 * stream through `taskHistory`: a handful of events, never the whole log.
 */
import { businessDateOf } from '@duban/calendar'
import type { Attachment, DomainEvent, policy, TaskDefinition } from '@duban/domain'
import type { AsOfInput, HistoryEntry, ReadModels, UnitAssignment } from '@duban/read-models'
import type { PageContext } from './layout'

/**
 * The moment a page stands at: today's ledger live, a past day as of its end. The read models
 * are caught up first, so a page after a form's redirect shows what the form just wrote.
 */
export async function pageAsOf(readModels: ReadModels, context: PageContext): Promise<AsOfInput> {
  await readModels.catchUp()
  return context.asOf < context.today ? context.asOf : undefined
}

export const verdictOf = (a: Pick<UnitAssignment, 'light' | 'reason'>): policy.LightVerdict => ({
  light: a.light,
  reason: a.reason,
})

/** 〔外贸〕第3项 标题: a task as the pages name it. */
export type TaskLabels = (task: {
  taskId: string
  planId?: string
  number?: string
  title?: string
}) => string

export async function taskLabels(readModels: ReadModels, asOf: AsOfInput): Promise<TaskLabels> {
  const { plans } = await readModels.plans({ asOf })
  const titles = new Map(plans.map((p) => [p.planId, p.title]))
  return ({ taskId, planId, number, title }) => {
    if (number === undefined || title === undefined) return taskId
    const plan = planId ? titles.get(planId) : undefined
    return `${plan ? `${shortPlan(plan)} ` : ''}第${number}项 ${title}`
  }
}

const shortPlan = (title: string) =>
  title.includes('外资') ? '〔外资〕' : title.includes('外贸') ? '〔外贸〕' : ''

export interface ReportDetail {
  reportId: string
  obligationId: string | undefined
  period: string | undefined
  narrative: string
  indicatorValues: readonly { targetId: string; value: number; period: string }[]
  evidence: readonly string[]
  /** Evidence files, by content hash (downloaded from the assignment's attachments route). */
  attachments: readonly Attachment[]
  submittedOn: string
  submittedBy: string
  status: 'submitted' | 'accepted' | 'returned'
  reviewedOn?: string
  /** Why it was returned (退回理由), or the reviewer's comment on acceptance. */
  reviewNote?: string
}

export interface InboxDetail {
  kind: 'reminder' | 'notice' | 'escalation'
  id: string
  on: string
  text: string
  grade?: 'general' | 'priority' | 'listed'
  answerDueDate?: string
  answer?: { text: string; on: string }
  reminderKind?: 'manual' | 'due_soon' | 'overdue'
}

/** One assignment's own record: what its stream says was written, as of the moment asked. */
export interface AssignmentRecord {
  reports: ReportDetail[]
  inbox: InboxDetail[]
  pendingExtension: { requestId: string; requestedDueDate: string; reason: string; on: string } | null
  extensions: { requestId: string; outcome: 'granted' | 'refused'; on: string; note: string }[]
  completion: { summary: string; on: string } | null
}

export async function assignmentRecord(
  readModels: ReadModels,
  taskId: string,
  unitId: string,
  asOf: AsOfInput,
): Promise<AssignmentRecord> {
  const history = await readModels.taskHistory(taskId, { asOf, unitId, limit: 1000 })
  const record: AssignmentRecord = {
    reports: [],
    inbox: [],
    pendingExtension: null,
    extensions: [],
    completion: null,
  }
  const periods = new Map<string, string>()
  for (const entry of history.entries) apply(record, entry, periods)
  return record
}

function apply(record: AssignmentRecord, entry: HistoryEntry, periods: Map<string, string>): void {
  const on = entry.businessDate ?? businessDateOf(new Date(entry.recordedAt))
  // The log's own events, as stored: the deciders validated them when they were written.
  const event = { type: entry.type, data: entry.data } as DomainEvent
  const report = (id: string) => record.reports.find((r) => r.reportId === id)
  switch (event.type) {
    case 'ObligationOpened':
      periods.set(event.data.obligationId, event.data.period)
      return
    case 'ProgressReportSubmitted': {
      const { reportId, obligationId, period, narrative, indicatorValues, evidence, attachments } = event.data
      record.reports.push({
        reportId,
        obligationId,
        period: period ?? (obligationId ? periods.get(obligationId) : undefined),
        narrative,
        indicatorValues: indicatorValues ?? [],
        evidence: evidence ?? [],
        attachments: attachments ?? [],
        submittedOn: on,
        submittedBy: entry.actor,
        status: 'submitted',
      })
      return
    }
    case 'ProgressReportAccepted':
    case 'ProgressReportReturned': {
      const r = report(event.data.reportId)
      if (!r) return
      r.status = event.type === 'ProgressReportAccepted' ? 'accepted' : 'returned'
      r.reviewedOn = on
      const note = 'reason' in event.data ? event.data.reason : event.data.comment
      if (note !== undefined) r.reviewNote = note
      return
    }
    case 'ReminderSent':
      record.inbox.push({
        kind: 'reminder',
        id: event.data.reminderId,
        on,
        text: event.data.message ?? '',
        reminderKind: event.data.kind ?? 'manual',
      })
      return
    case 'SupervisionNoticeIssued': {
      const { noticeId, grade, reason, answerDueDate } = event.data
      record.inbox.push({ kind: 'notice', id: noticeId, on, text: reason, grade, answerDueDate })
      return
    }
    case 'SupervisionNoticeAnswered': {
      const item = record.inbox.find((i) => i.kind === 'notice' && i.id === event.data.noticeId)
      if (item) item.answer = { text: event.data.answer, on }
      return
    }
    case 'EscalatedToLeadership':
      record.inbox.push({ kind: 'escalation', id: event.data.escalationId, on, text: event.data.reason })
      return
    case 'ExtensionRequested': {
      const { requestId, requestedDueDate, reason } = event.data
      record.pendingExtension = { requestId, requestedDueDate, reason, on }
      return
    }
    case 'ExtensionGranted': {
      const { requestId, newDueDate, comment } = event.data
      record.extensions.push({ requestId, outcome: 'granted', on, note: comment ?? `新截止日 ${newDueDate}` })
      record.pendingExtension = null
      return
    }
    case 'ExtensionRefused':
      record.extensions.push({
        requestId: event.data.requestId,
        outcome: 'refused',
        on,
        note: event.data.reason,
      })
      record.pendingExtension = null
      return
    case 'CompletionRequested':
      record.completion = { summary: event.data.summary, on }
      return
    case 'CompletionSentBack':
    case 'AssignmentReopened':
      record.completion = null
  }
}

/** The task as registered, with its deadline as extended by the moment asked. */
export async function taskDefinition(
  readModels: ReadModels,
  taskId: string,
  asOf: AsOfInput,
): Promise<TaskDefinition | undefined> {
  const history = await readModels.taskHistory(taskId, { asOf, unitVisible: () => false, limit: 1000 })
  let task: TaskDefinition | undefined
  for (const entry of history.entries) {
    if (entry.type === 'TaskRegistered') task = { ...(entry.data as TaskDefinition) }
    if (entry.type === 'TaskDeadlineExtended' && task)
      task.deadline = (entry.data as { newDeadline: string }).newDeadline
  }
  return task
}

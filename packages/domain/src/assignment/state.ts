import { Map as PersistentMap } from 'immutable'
import type { AssignmentEvent } from './events'

/** An obligation is `open` until a report for it is under review, `met` once one is accepted. */
export interface Obligation {
  period: string
  dueDate: string
  kind: 'periodic' | 'adhoc'
  status: 'open' | 'under_review' | 'met'
}

export interface Report {
  obligationId: string | undefined
  status: 'submitted' | 'accepted' | 'returned'
}

export interface PendingExtension {
  requestId: string
  obligationId: string | undefined
  requestedDueDate: string
}

export interface Assignment {
  /** `completion_requested`: 办结申请 pending; `closed`: 销号. */
  status: 'open' | 'completion_requested' | 'closed'
  taskId: string
  unitId: string
  role: 'lead' | 'co' | 'district'
  dueDate: string
  acknowledged: boolean
  obligations: Readonly<Record<string, Obligation>>
  /**
   * Every report the unit ever sent here, by id: a persistent map, so that adding one shares the
   * rest with the state before it. A record copied on each report made a long stream's fold
   * quadratic (≈40 ms to fold one report onto 700).
   */
  reports: PersistentMap<string, Report>
  /** Supervision notices by id: answered or not. */
  notices: Readonly<Record<string, { answered: boolean; latestCommittedDate?: string }>>
  reminderIds: ReadonlySet<string>
  escalationIds: ReadonlySet<string>
  pendingExtension: PendingExtension | null
  /** 移交: passed to another unit (this one merged or was abolished); nothing more happens here. */
  transferredTo?: { unitId: string; effectiveOn: string }
  /** Units whose assignment of the task this unit took over (承接). */
  takenOverFrom?: readonly string[]
}

export type AssignmentState = { status: 'unassigned' } | Assignment

export const initialState = (): AssignmentState => ({ status: 'unassigned' })

const withObligation = (
  state: Assignment,
  id: string | undefined,
  status: Obligation['status'],
): Assignment => {
  const obligation = id === undefined ? undefined : state.obligations[id]
  if (id === undefined || !obligation) return state
  return { ...state, obligations: { ...state.obligations, [id]: { ...obligation, status } } }
}

const withReport = (state: Assignment, id: string, status: Report['status']): Assignment => {
  const report = state.reports.get(id)
  if (!report) return state
  return { ...state, reports: state.reports.set(id, { ...report, status }) }
}

export function evolve(state: AssignmentState, event: AssignmentEvent): AssignmentState {
  if (event.type === 'TaskAssigned') {
    const { taskId, unitId, role, dueDate } = event.data
    return {
      status: 'open',
      taskId,
      unitId,
      role,
      dueDate,
      acknowledged: false,
      obligations: {},
      reports: PersistentMap(),
      notices: {},
      reminderIds: new Set(),
      escalationIds: new Set(),
      pendingExtension: null,
    }
  }
  if (state.status === 'unassigned') return state
  switch (event.type) {
    case 'AssignmentAcknowledged':
      return { ...state, acknowledged: true }
    case 'ObligationOpened': {
      const { obligationId, period, dueDate, kind } = event.data
      return {
        ...state,
        obligations: { ...state.obligations, [obligationId]: { period, dueDate, kind, status: 'open' } },
      }
    }
    case 'ProgressReportSubmitted': {
      const { reportId, obligationId } = event.data
      const next = {
        ...state,
        reports: state.reports.set(reportId, { obligationId, status: 'submitted' }),
      }
      return withObligation(next, obligationId, 'under_review')
    }
    case 'ProgressReportAccepted': {
      const next = withReport(state, event.data.reportId, 'accepted')
      return withObligation(next, state.reports.get(event.data.reportId)?.obligationId, 'met')
    }
    case 'ProgressReportReturned': {
      // A returned report counts as not submitted: its obligation is open again.
      const next = withReport(state, event.data.reportId, 'returned')
      return withObligation(next, state.reports.get(event.data.reportId)?.obligationId, 'open')
    }
    case 'ReminderSent':
      return { ...state, reminderIds: new Set([...state.reminderIds, event.data.reminderId]) }
    case 'SupervisionNoticeIssued':
      return {
        ...state,
        notices: {
          ...state.notices,
          [event.data.noticeId]: {
            answered: false,
            ...(event.data.latestCommittedDate !== undefined && {
              latestCommittedDate: event.data.latestCommittedDate,
            }),
          },
        },
      }
    case 'SupervisionNoticeAnswered': {
      const notice = state.notices[event.data.noticeId]
      return { ...state, notices: { ...state.notices, [event.data.noticeId]: { ...notice, answered: true } } }
    }
    case 'EscalatedToLeadership':
      return { ...state, escalationIds: new Set([...state.escalationIds, event.data.escalationId]) }
    case 'ExtensionRequested': {
      const { requestId, obligationId, requestedDueDate } = event.data
      return { ...state, pendingExtension: { requestId, obligationId, requestedDueDate } }
    }
    case 'ExtensionGranted': {
      const { obligationId, newDueDate } = event.data
      if (obligationId === undefined) return { ...state, dueDate: newDueDate, pendingExtension: null }
      const obligation = state.obligations[obligationId]
      if (!obligation) return { ...state, pendingExtension: null }
      const obligations = { ...state.obligations, [obligationId]: { ...obligation, dueDate: newDueDate } }
      return { ...state, obligations, pendingExtension: null }
    }
    case 'ExtensionRefused':
      return { ...state, pendingExtension: null }
    case 'CompletionRequested':
      return { ...state, status: 'completion_requested' }
    case 'CompletionSentBack':
    case 'AssignmentReopened':
      return { ...state, status: 'open' }
    case 'AssignmentClosed':
      return { ...state, status: 'closed' }
    case 'AssignmentTransferred':
      return { ...state, transferredTo: { unitId: event.data.toUnitId, effectiveOn: event.data.effectiveOn } }
    case 'AssignmentTakenOver':
      return { ...state, takenOverFrom: [...(state.takenOverFrom ?? []), event.data.fromUnitId] }
  }
}

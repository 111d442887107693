import { z } from 'zod'
import { type DomainEventOf, defineEvent } from '../event-schema'
import { Id } from '../ids'
import { BusinessDate, EvidenceRef, Line, Text } from '../schemas'
import {
  Attachment,
  IndicatorValue,
  MAX_ATTACHMENTS,
  NoticeGrade,
  ObligationKind,
  PolicyVersion,
  ReminderKind,
  StageId,
} from './values'

/** Every assignment event names its stream, so projections never parse stream ids. */
const data = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject({ taskId: Id, unitId: Id, ...shape })

/** 交办: the task is bound to the unit, due by `dueDate`. */
export const TaskAssigned = defineEvent(
  'TaskAssigned',
  data({ role: z.enum(['lead', 'co', 'district']), dueDate: BusinessDate }),
)

/** 签收: the unit has received the assignment. */
export const AssignmentAcknowledged = defineEvent('AssignmentAcknowledged', data({}))

/** 报送义务: a report is due from the unit for a period. */
export const ObligationOpened = defineEvent(
  'ObligationOpened',
  data({
    obligationId: Id,
    period: Line,
    dueDate: BusinessDate,
    kind: ObligationKind,
    /** The calendar version the due date was counted with: a later calendar never moves it. */
    calendarVersion: PolicyVersion.optional(),
    /** The escalation ladder version the obligation walks (absent before ladders were recorded). */
    ladderVersion: PolicyVersion.optional(),
  }),
)

/** 进展报送: a progress report, awaiting review. */
export const ProgressReportSubmitted = defineEvent(
  'ProgressReportSubmitted',
  data({
    reportId: Id,
    obligationId: Id.optional(),
    period: Line.optional(),
    narrative: Text,
    indicatorValues: z.array(IndicatorValue),
    evidence: z.array(EvidenceRef),
    /** Absent on reports written before reports carried files. */
    attachments: z.array(Attachment).max(MAX_ATTACHMENTS).optional(),
  }),
)

/** 审核通过: the report is accepted; its obligation is met. */
export const ProgressReportAccepted = defineEvent(
  'ProgressReportAccepted',
  data({ reportId: Id, comment: Text.optional() }),
)

/** 退回: the report is returned and counts as not submitted. */
export const ProgressReportReturned = defineEvent(
  'ProgressReportReturned',
  data({ reportId: Id, reason: Text }),
)

/**
 * 催办. Version 1 knew only manual reminders and had no `kind`; version 2 adds the ladder's
 * automatic kinds and the policy version that sent them. A stored v1 reminder reads as manual.
 */
export const ReminderSent = defineEvent(
  'ReminderSent',
  data({
    reminderId: Id,
    kind: ReminderKind,
    obligationId: Id.optional(),
    message: Text.optional(),
    policyVersion: PolicyVersion.optional(),
    stageId: StageId.optional(),
  }),
  {
    schemaVersion: 2,
    upcasters: { 1: (v1) => ({ ...(v1 as Record<string, unknown>), kind: 'manual' }) },
  },
)

/** 督办单: a supervision notice, to be answered by `answerDueDate`. */
export const SupervisionNoticeIssued = defineEvent(
  'SupervisionNoticeIssued',
  data({
    noticeId: Id,
    grade: NoticeGrade,
    obligationId: Id.optional(),
    reason: Text,
    answerDueDate: BusinessDate,
    /** The latest date the unit may commit to in its answer (set by a ladder with fairness rules). */
    latestCommittedDate: BusinessDate.optional(),
    policyVersion: PolicyVersion.optional(),
    stageId: StageId.optional(),
  }),
)

/** The unit's answer to a supervision notice. */
export const SupervisionNoticeAnswered = defineEvent(
  'SupervisionNoticeAnswered',
  data({
    noticeId: Id,
    answer: Text,
    evidence: z.array(EvidenceRef),
    /** 承诺办结/报送日期: the date the unit commits to have its report in by. */
    committedDate: BusinessDate.optional(),
  }),
)

/** 提级 / 报领导小组: escalated to the leadership group; listed in the next bulletin. */
export const EscalatedToLeadership = defineEvent(
  'EscalatedToLeadership',
  data({
    escalationId: Id,
    reason: Text,
    obligationId: Id.optional(),
    noticeId: Id.optional(),
    policyVersion: PolicyVersion.optional(),
    stageId: StageId.optional(),
  }),
)

/** 延期申请: the unit asks to move a due date (the assignment's, or one obligation's). */
export const ExtensionRequested = defineEvent(
  'ExtensionRequested',
  data({
    requestId: Id,
    obligationId: Id.optional(),
    currentDueDate: BusinessDate,
    requestedDueDate: BusinessDate,
    reason: Text,
  }),
)

/** 延期: granted; the due date moved from `previousDueDate` to `newDueDate`. */
export const ExtensionGranted = defineEvent(
  'ExtensionGranted',
  data({
    requestId: Id,
    obligationId: Id.optional(),
    previousDueDate: BusinessDate,
    newDueDate: BusinessDate,
    comment: Text.optional(),
  }),
)

/** The extension was refused; the due date stands. */
export const ExtensionRefused = defineEvent('ExtensionRefused', data({ requestId: Id, reason: Text }))

/** 办结申请: the unit reports its part done. */
export const CompletionRequested = defineEvent(
  'CompletionRequested',
  data({ summary: Text, evidence: z.array(EvidenceRef) }),
)

/** The completion request was sent back; the assignment is open again. */
export const CompletionSentBack = defineEvent('CompletionSentBack', data({ reason: Text }))

/** 销号: the unit's part is verified done; the assignment is closed. */
export const AssignmentClosed = defineEvent('AssignmentClosed', data({ comment: Text.optional() }))

/** A closed assignment is open again. */
export const AssignmentReopened = defineEvent('AssignmentReopened', data({ reason: Text }))

/** 移交: the assignment passed to `toUnitId` on `effectiveOn` (the unit merged or was abolished). */
export const AssignmentTransferred = defineEvent(
  'AssignmentTransferred',
  data({ transferId: Id, toUnitId: Id, effectiveOn: BusinessDate, reason: Text }),
)

/** 承接: the unit took over `fromUnitId`'s assignment of the task on `effectiveOn`. */
export const AssignmentTakenOver = defineEvent(
  'AssignmentTakenOver',
  data({ transferId: Id, fromUnitId: Id, effectiveOn: BusinessDate, reason: Text }),
)

export const assignmentEvents = [
  TaskAssigned,
  AssignmentAcknowledged,
  ObligationOpened,
  ProgressReportSubmitted,
  ProgressReportAccepted,
  ProgressReportReturned,
  ReminderSent,
  SupervisionNoticeIssued,
  SupervisionNoticeAnswered,
  EscalatedToLeadership,
  ExtensionRequested,
  ExtensionGranted,
  ExtensionRefused,
  CompletionRequested,
  CompletionSentBack,
  AssignmentClosed,
  AssignmentReopened,
  AssignmentTransferred,
  AssignmentTakenOver,
] as const
export type AssignmentEvent = DomainEventOf<(typeof assignmentEvents)[number]>

import { z } from 'zod'
import { Id } from '../ids'
import { escalationPolicyVersions } from '../policy/policies'
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

/** Every assignment command names its stream: the task and the unit. */
const command = <Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject({ taskId: Id, unitId: Id, ...shape }) })

/** 交办: bind a task to one unit. The due date defaults to the task's deadline. */
export const AssignTask = command('AssignTask', {
  role: z.enum(['lead', 'co', 'district']),
  dueDate: BusinessDate.optional(),
})

/** 签收: the unit confirms it has received the assignment. */
export const AcknowledgeAssignment = command('AcknowledgeAssignment', {})

/**
 * 报送义务: a report is due from the unit for a period. Periodic ones come from the plan's
 * reporting policy (the scheduler opens them); ad-hoc ones are asked for by the supervision office.
 */
export const OpenObligation = command('OpenObligation', {
  obligationId: Id,
  /** The period the report speaks of, e.g. "2023-Q1", "2023-05", or an ad-hoc label. */
  period: Line,
  dueDate: BusinessDate,
  kind: ObligationKind,
  /** The working-day calendar version the due date was counted with (e.g. "cn-2026.1"). */
  calendarVersion: PolicyVersion.optional(),
  /**
   * The escalation ladder version the obligation walks (e.g. "ladder-2026.1"): one this release
   * knows, or every later light and step of the obligation would have no rules to follow.
   */
  ladderVersion: PolicyVersion.refine((version) => escalationPolicyVersions().includes(version), {
    message: 'unknown escalation ladder version',
  }).optional(),
})

/** 进展报送: the unit reports progress, for an obligation or of its own accord. */
export const SubmitProgressReport = command('SubmitProgressReport', {
  reportId: Id,
  obligationId: Id.optional(),
  period: Line.optional(),
  narrative: Text,
  indicatorValues: z
    .array(IndicatorValue)
    .default([])
    .refine(
      (values) => new Set(values.map((v) => `${v.targetId}\u0000${v.period}`)).size === values.length,
      'one value per target and period',
    ),
  evidence: z.array(EvidenceRef).default([]),
  /** Evidence files, uploaded first (the attachment store holds them by hash). */
  attachments: z.array(Attachment).max(MAX_ATTACHMENTS).optional(),
})

/** 审核通过: the supervision office accepts a report. */
export const AcceptProgressReport = command('AcceptProgressReport', {
  reportId: Id,
  comment: Text.optional(),
})

/** 退回: the supervision office returns a report; it then counts as not submitted. */
export const ReturnProgressReport = command('ReturnProgressReport', { reportId: Id, reason: Text })

/** 催办: a reminder to the unit, by hand (`manual`) or by the escalation ladder. */
export const SendReminder = command('SendReminder', {
  /** Chosen by the sender; the scheduler derives it from the rule and obligation, so a rerun is refused. */
  reminderId: Id,
  kind: ReminderKind,
  obligationId: Id.optional(),
  message: Text.optional(),
  policyVersion: PolicyVersion.optional(),
  stageId: StageId.optional(),
})

/** 督办单: a formal supervision notice the unit must answer by a date. */
export const IssueSupervisionNotice = command('IssueSupervisionNotice', {
  noticeId: Id,
  grade: NoticeGrade,
  obligationId: Id.optional(),
  reason: Text,
  answerDueDate: BusinessDate,
  /** The latest date the unit may commit to in its answer (a ladder with fairness rules sets it). */
  latestCommittedDate: BusinessDate.optional(),
  policyVersion: PolicyVersion.optional(),
  stageId: StageId.optional(),
})

/** The unit answers a supervision notice. */
export const AnswerSupervisionNotice = command('AnswerSupervisionNotice', {
  noticeId: Id,
  answer: Text,
  evidence: z.array(EvidenceRef).default([]),
  /** 承诺办结/报送日期: required when the notice sets a latest committed date. */
  committedDate: BusinessDate.optional(),
})

/** 提级 / 报领导小组: the case goes to the leadership group. */
export const EscalateToLeadership = command('EscalateToLeadership', {
  escalationId: Id,
  reason: Text,
  obligationId: Id.optional(),
  noticeId: Id.optional(),
  policyVersion: PolicyVersion.optional(),
  stageId: StageId.optional(),
})

/** 延期申请: the unit asks to move the assignment's due date, or one obligation's. */
export const RequestExtension = command('RequestExtension', {
  requestId: Id,
  obligationId: Id.optional(),
  requestedDueDate: BusinessDate,
  reason: Text,
})

/** The supervision office grants the extension, by default to the date asked for. */
export const GrantExtension = command('GrantExtension', {
  requestId: Id,
  newDueDate: BusinessDate.optional(),
  comment: Text.optional(),
})

/** The supervision office refuses the extension; the due date stands. */
export const RefuseExtension = command('RefuseExtension', { requestId: Id, reason: Text })

/** 办结申请: the unit reports its part done and asks for it to be closed. */
export const RequestCompletion = command('RequestCompletion', {
  summary: Text,
  evidence: z.array(EvidenceRef).default([]),
})

/** 销号: the supervision office verifies the unit's part done and closes the assignment. */
export const VerifyCompletion = command('VerifyCompletion', { comment: Text.optional() })

/** The supervision office sends the completion request back: the part is not done. */
export const SendBackCompletion = command('SendBackCompletion', { reason: Text })

/** The supervision office reopens a closed assignment. */
export const ReopenAssignment = command('ReopenAssignment', { reason: Text })

/**
 * 移交: the unit ceased to exist (merged, abolished); its open assignment passes to `toUnitId`
 * on `effectiveOn`. Written on the ceasing unit's stream, which keeps its history and takes no
 * further command.
 */
export const TransferAssignment = command('TransferAssignment', {
  transferId: Id,
  toUnitId: Id,
  effectiveOn: BusinessDate,
  reason: Text,
})

/**
 * 承接: the successor takes over a ceased unit's assignment. On a successor not yet bound to the
 * task, this is its assignment (交办), with the role and due date it inherits.
 */
export const TakeOverAssignment = command('TakeOverAssignment', {
  transferId: Id,
  fromUnitId: Id,
  role: z.enum(['lead', 'co', 'district']),
  dueDate: BusinessDate,
  effectiveOn: BusinessDate,
  reason: Text,
})

export const AssignmentCommand = z.discriminatedUnion('type', [
  AssignTask,
  AcknowledgeAssignment,
  OpenObligation,
  SubmitProgressReport,
  AcceptProgressReport,
  ReturnProgressReport,
  SendReminder,
  IssueSupervisionNotice,
  AnswerSupervisionNotice,
  EscalateToLeadership,
  RequestExtension,
  GrantExtension,
  RefuseExtension,
  RequestCompletion,
  VerifyCompletion,
  SendBackCompletion,
  ReopenAssignment,
  TransferAssignment,
  TakeOverAssignment,
])
export type AssignmentCommand = z.infer<typeof AssignmentCommand>

import { z } from 'zod'
import { type DomainEventOf, defineEvent } from '../event-schema'
import { Id } from '../ids'
import { BusinessDate, EvidenceRef, Line, SourceSpan, Target, Text } from '../schemas'
import { IndicatorPeriod } from './indicator-period'

/** 工作任务立项: the task's definition, with its deadline resolved. */
export const TaskRegistered = defineEvent(
  'TaskRegistered',
  z.strictObject({
    taskId: Id,
    planId: Id,
    sectionId: Id,
    number: z.string(),
    kind: z.enum(['task', 'safeguard']),
    title: Line,
    body: Text,
    leadUnitId: Id,
    coUnitIds: z.array(Id),
    allDistricts: z.boolean(),
    targets: z.array(Target),
    deadline: BusinessDate,
    startsOn: BusinessDate.optional(),
    sourceSpan: SourceSpan.optional(),
  }),
)

/** 办结申请 of the whole task, by its lead unit. */
export const TaskCompletionRequested = defineEvent(
  'TaskCompletionRequested',
  z.strictObject({ taskId: Id, unitId: Id, summary: Text, evidence: z.array(EvidenceRef) }),
)

/** The completion request was sent back (退回); the task is open again. */
export const TaskCompletionSentBack = defineEvent(
  'TaskCompletionSentBack',
  z.strictObject({ taskId: Id, reason: Text }),
)

/** 销号: the task is verified done and closed. */
export const TaskClosed = defineEvent('TaskClosed', z.strictObject({ taskId: Id, comment: Text.optional() }))

/** A closed task is open again. */
export const TaskReopened = defineEvent('TaskReopened', z.strictObject({ taskId: Id, reason: Text }))

/** 延期: the task's deadline moved; both dates are kept so the history reads without replay. */
export const TaskDeadlineExtended = defineEvent(
  'TaskDeadlineExtended',
  z.strictObject({ taskId: Id, previousDeadline: BusinessDate, newDeadline: BusinessDate, reason: Text }),
)

/** The office corrected the task's actual for a past period (recorded with that period's date). */
export const IndicatorActualCorrected = defineEvent(
  'IndicatorActualCorrected',
  z.strictObject({
    taskId: Id,
    correctionId: Id,
    targetId: Id,
    period: IndicatorPeriod,
    value: z.number().finite(),
    reason: Text,
  }),
)

export const taskEvents = [
  TaskRegistered,
  TaskCompletionRequested,
  TaskCompletionSentBack,
  TaskClosed,
  TaskReopened,
  TaskDeadlineExtended,
  IndicatorActualCorrected,
] as const
export type TaskEvent = DomainEventOf<(typeof taskEvents)[number]>

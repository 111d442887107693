import { z } from 'zod'
import { Id } from '../ids'
import { BusinessDate, distinct, EvidenceRef, humanText, Line, SourceSpan, Target, Text } from '../schemas'
import { IndicatorPeriod } from './indicator-period'

/** Register a task (工作任务) of a registered plan, as confirmed from the plan's draft. */
export const RegisterTask = z.strictObject({
  type: z.literal('RegisterTask'),
  data: z
    .strictObject({
      taskId: Id,
      planId: Id,
      sectionId: Id,
      /** The task's number as written in the plan, e.g. "1" or "(三)". */
      number: humanText(16),
      /** `safeguard`: a task written under 保障措施 rather than under an action. */
      kind: z.enum(['task', 'safeguard']),
      title: Line,
      body: Text,
      /** 牵头单位: the first unit the plan lists. */
      leadUnitId: Id,
      /** 配合单位, in the plan's order. */
      coUnitIds: z.array(Id).default([]),
      /** Every district government (区县政府) shares the task ("以下均需各区县政府负责"). */
      allDistricts: z.boolean().default(false),
      targets: z.array(Target).default([]),
      /** Defaults to the last day of the plan period. */
      deadline: BusinessDate.optional(),
      /** From "从2023年开始"; the task has no obligations before it. */
      startsOn: BusinessDate.optional(),
      sourceSpan: SourceSpan.optional(),
    })
    .refine((task) => !task.coUnitIds.includes(task.leadUnitId), 'the lead unit is not also a co-unit')
    .refine((task) => distinct(task.coUnitIds), 'co-units are listed once each')
    .refine((task) => distinct(task.targets.map((target) => target.id)), 'target ids are unique'),
})

/** 办结申请: the lead unit reports the whole task done and asks for it to be closed. */
export const RequestTaskCompletion = z.strictObject({
  type: z.literal('RequestTaskCompletion'),
  data: z.strictObject({ taskId: Id, summary: Text, evidence: z.array(EvidenceRef).default([]) }),
})

/** 销号: the supervision office verifies the completion request and closes the task. */
export const CloseTask = z.strictObject({
  type: z.literal('CloseTask'),
  data: z.strictObject({ taskId: Id, comment: Text.optional() }),
})

/** The supervision office sends the completion request back: the task is not done. */
export const SendBackTaskCompletion = z.strictObject({
  type: z.literal('SendBackTaskCompletion'),
  data: z.strictObject({ taskId: Id, reason: Text }),
})

/** The supervision office reopens a closed task. */
export const ReopenTask = z.strictObject({
  type: z.literal('ReopenTask'),
  data: z.strictObject({ taskId: Id, reason: Text }),
})

/** 延期 of the whole task: the supervision office moves its deadline; the event keeps the old one. */
export const ExtendTaskDeadline = z.strictObject({
  type: z.literal('ExtendTaskDeadline'),
  data: z.strictObject({ taskId: Id, newDeadline: BusinessDate, reason: Text }),
})

/**
 * The supervision office corrects the task's actual (实际值) for a past period — the statistics
 * bureau's final figure replaces the one reported. Recorded with the period's last day as its
 * business date; the figure it replaces stays in the history.
 */
export const CorrectIndicatorActual = z.strictObject({
  type: z.literal('CorrectIndicatorActual'),
  data: z.strictObject({
    taskId: Id,
    correctionId: Id,
    targetId: Id,
    period: IndicatorPeriod,
    value: z.number().finite(),
    reason: Text,
  }),
})

export const TaskCommand = z.discriminatedUnion('type', [
  RegisterTask,
  RequestTaskCompletion,
  CloseTask,
  SendBackTaskCompletion,
  ReopenTask,
  ExtendTaskDeadline,
  CorrectIndicatorActual,
])
export type TaskCommand = z.infer<typeof TaskCommand>

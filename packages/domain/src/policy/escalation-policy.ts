/**
 * The escalation ladder as data. Thresholds live here, never in the ladder code, and every version
 * stays loadable: the version that applied is recorded on each event the ladder causes.
 */
import { z } from 'zod'

export const bilingualSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) })
export type Bilingual = z.infer<typeof bilingualSchema>

/** When a stage becomes due; a stage lists several triggers when any of them suffices. */
export const triggerSchema = z.discriminatedUnion('kind', [
  /** At most `workingDays` working days left until the due date (0 on the due date itself). */
  z.object({ kind: z.literal('due-within'), workingDays: z.int().min(0) }),
  /** The calendar day after the due date, with no accepted report. */
  z.object({ kind: z.literal('due-passed') }),
  /** `workingDays` working days after the due date, with no accepted report. */
  z.object({ kind: z.literal('overdue'), workingDays: z.int().min(1) }),
  /** The calendar day after a supervision notice's answer date, the notice unanswered by then. */
  z.object({ kind: z.literal('notice-unanswered') }),
  /**
   * The next working day after a supervision notice's answer window closes (at the end of its
   * last day), the notice not answered within it.
   */
  z.object({ kind: z.literal('notice-window-closed') }),
  /**
   * The next working day after the date a unit committed to (承诺办结/报送日期) in an on-time
   * answer to a notice, with no accepted report by then.
   */
  z.object({ kind: z.literal('commitment-passed') }),
])
export type Trigger = z.infer<typeof triggerSchema>

export const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reminder'), template: z.enum(['due-soon', 'overdue']) }),
  z.object({ kind: z.literal('supervision-notice'), answerWithinWorkingDays: z.int().min(1) }),
  z.object({ kind: z.literal('escalate'), to: z.literal('leadership-group') }),
  z.object({ kind: z.literal('list-in-bulletin') }),
])
export type LadderAction = z.infer<typeof actionSchema>

export const stageSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: bilingualSchema,
  light: z.enum(['yellow', 'red']),
  when: z.array(triggerSchema).min(1),
  actions: z.array(actionSchema),
})
export type Stage = z.infer<typeof stageSchema>

/**
 * The fairness rules of a ladder version (absent in ladder-2022.1, which had none). Windows are
 * counted in working days; a window of N working days from D closes at the end of its N-th
 * working day after D, and what follows happens on the next working day.
 */
export const fairnessSchema = z.object({
  /** A report submitted and awaiting review holds every later step of its obligation. */
  holdWhileAwaitingReview: z.boolean(),
  /** The office's own deadline to review a report, from the day it was submitted. */
  reviewWithinWorkingDays: z.int().min(1),
  /** A returned report opens a resubmission window of this many working days from the return. */
  resubmitWithinWorkingDays: z.int().min(1),
  /** How far after the notice's answer deadline a committed date may lie. */
  commitWithinWorkingDaysAfterAnswerDue: z.int().min(0),
})
export type Fairness = z.infer<typeof fairnessSchema>

export const escalationPolicySchema = z
  .object({
    version: z.string().regex(/^ladder-\d{4}\.\d+$/),
    /** In ladder order: a later stage outranks an earlier one. */
    stages: z.array(stageSchema).min(1),
    fairness: fairnessSchema.optional(),
  })
  .refine((policy) => new Set(policy.stages.map((s) => s.id)).size === policy.stages.length, {
    message: 'stage ids must be unique',
  })
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>

/** Value schemas of the assignment workflow, shared by its commands and events. */
import { z } from 'zod'
import { Id } from '../ids'
import { Line } from '../schemas'

export const ObligationKind = z.enum(['periodic', 'adhoc'])

/**
 * An evidence file (佐证材料) a report carries: its content hash names the file in the
 * attachment store, so the event pins exactly the bytes the unit sent; the name is the one it
 * had on the unit's computer, the media type what its content was found to be.
 */
export const Attachment = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 content hash, 64 lowercase hex digits'),
  name: Line,
  mediaType: z.string().min(3).max(200),
  size: z.number().int().min(1),
})
export type Attachment = z.infer<typeof Attachment>

/** At most this many files per report. */
export const MAX_ATTACHMENTS = 10

/** An actual (实际值) of one of the task's targets for a period ("2023", "2023-Q2"). */
export const IndicatorValue = z.strictObject({ targetId: Id, value: z.number().finite(), period: Line })
export type IndicatorValue = z.infer<typeof IndicatorValue>

/** `manual`: a person's 催办; `due_soon` and `overdue`: steps of the escalation ladder. */
export const ReminderKind = z.enum(['manual', 'due_soon', 'overdue'])

/** 一般督办, 重点督办, 挂牌督办: how hard the notice presses. */
export const NoticeGrade = z.enum(['general', 'priority', 'listed'])

/** The version of the escalation policy whose rule set an automatic event off, e.g. "ladder-2022.1". */
export const PolicyVersion = z.string().trim().min(1).max(64)

/** The ladder stage (by its id in that policy version) that set an automatic event off. */
export const StageId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/)
  .max(64)

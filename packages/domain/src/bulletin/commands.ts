/**
 * 督查通报 (bulletin): the supervision office drafts one for a period, edits its text, and
 * publishes it. Publishing pins what the figures were computed from — a log position, the
 * business date, the ladder and calendar versions — so the same document can be regenerated
 * from the log later and compared byte for byte.
 */
import { z } from 'zod'
import { Id } from '../ids'
import { BusinessDate, Line } from '../schemas'

/** The dates a bulletin speaks of: obligations that fell due and escalations made within them. */
export const BulletinPeriod = z
  .strictObject({ from: BusinessDate, to: BusinessDate })
  .refine((period) => period.from <= period.to, 'a bulletin period ends no earlier than it starts')
export type BulletinPeriod = z.infer<typeof BulletinPeriod>

/** What the office writes: the heading, 文号, the opening and closing paragraphs. */
export const BulletinText = z.strictObject({
  title: Line,
  /** 文号, e.g. 渝府督通〔2023〕11号. */
  docNumber: z.string().trim().max(100).default(''),
  intro: z.string().trim().max(20_000).default(''),
  closing: z.string().trim().max(20_000).default(''),
})
export type BulletinText = z.infer<typeof BulletinText>

/** The log position and business date a bulletin's figures stand at. */
export const BulletinAsOf = z.strictObject({
  position: z.number().int().min(0),
  date: BusinessDate,
})

/** One escalation (提级) a bulletin lists: it is then marked as listed in that bulletin. */
export const ListedEscalation = z.strictObject({ taskId: Id, unitId: Id, escalationId: Id })
export type ListedEscalation = z.infer<typeof ListedEscalation>

/** The headline figures, kept with the event so the next bulletin can say what changed. */
export const BulletinSummary = z.strictObject({
  due: z.number().int().min(0),
  onTime: z.number().int().min(0),
  late: z.number().int().min(0),
  underReview: z.number().int().min(0),
  missing: z.number().int().min(0),
  onTimeRate: z.number().min(0).max(1).nullable(),
  ranking: z.array(
    z.strictObject({ unitId: Id, rank: z.number().int().min(1), rate: z.number().min(0).max(1) }),
  ),
  repeatedlyLate: z.array(Id),
})
export type BulletinSummary = z.infer<typeof BulletinSummary>

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

export const DraftBulletin = z.strictObject({
  type: z.literal('DraftBulletin'),
  data: z.strictObject({
    bulletinId: Id,
    period: BulletinPeriod,
    /** One plan, or every plan when absent. */
    planId: Id.optional(),
    text: BulletinText,
  }),
})
export type DraftBulletin = z.infer<typeof DraftBulletin>

export const EditBulletin = z.strictObject({
  type: z.literal('EditBulletin'),
  data: z.strictObject({ bulletinId: Id, text: BulletinText }),
})
export type EditBulletin = z.infer<typeof EditBulletin>

export const PublishBulletin = z.strictObject({
  type: z.literal('PublishBulletin'),
  data: z.strictObject({
    bulletinId: Id,
    asOf: BulletinAsOf,
    ladderVersion: z.string().min(1).max(100),
    calendarVersion: z.string().min(1).max(100),
    listedEscalations: z.array(ListedEscalation),
    summary: BulletinSummary,
    /** sha256 of the rendered documents, checked by `duban bulletin verify`. */
    digests: z.strictObject({ html: Sha256, docx: Sha256 }),
  }),
})
export type PublishBulletin = z.infer<typeof PublishBulletin>

export const BulletinCommand = z.discriminatedUnion('type', [DraftBulletin, EditBulletin, PublishBulletin])
export type BulletinCommand = z.infer<typeof BulletinCommand>

/** `bulletin-{bulletinId}`. */
export const bulletinStreamId = (bulletinId: string) => {
  Id.parse(bulletinId)
  return `bulletin-${bulletinId}`
}

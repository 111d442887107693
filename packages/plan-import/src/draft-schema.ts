import { z } from 'zod'
import { STREAM_ID } from './ids'

/** Character offsets (UTF-16 code units, i.e. JS string indices): `text.slice(start, end)`. */
export const Span = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
export type Span = z.infer<typeof Span>

const StreamId = z.string().regex(STREAM_ID, 'an id is ASCII [A-Za-z0-9][A-Za-z0-9._-]*, at most 64')

export const Target = z.object({
  id: StreamId,
  /** The clause the target was read from, as written. */
  text: z.string(),
  /** gte 至少 · lte 至多 · eq 等于 · growth 增长率 · milestone 非数值里程碑. */
  comparator: z.enum(['gte', 'lte', 'eq', 'growth', 'milestone']),
  /** In base units (万, 亿, 万亿 folded in); null for a milestone. */
  value: z.number().nullable(),
  /** 元, 家, %, 个工作日 …; null for a milestone. */
  measure: z.string().nullable(),
  /** Deadline year; for a yearly target, the last year it recurs. */
  year: z.number().int().nullable(),
  /** The year is not in the text: it is the end of the plan period. */
  yearFromPeriod: z.boolean(),
  /** Recurs every year (每年, 年均). */
  yearly: z.boolean(),
  /** First year the target applies (从2023年开始, 2022—2024年), when the text or period says. */
  from: z.number().int().nullable(),
  /** level: the value at the deadline; cumulative: summed over the period (累计). */
  basis: z.enum(['level', 'cumulative']),
  /** A share (占比, 比重, 份额) rather than an amount. */
  share: z.boolean(),
  span: Span,
})
export type Target = z.infer<typeof Target>

export const UnitMember = z.object({ name: z.string(), unitId: z.string() })

export const UnitRef = z.object({
  /** As written in the document. */
  name: z.string(),
  /** Directory id; null when the directory does not know the name (flagged by `unknown`). */
  unitId: z.string().nullable(),
  /** For a group name such as 各综合保税区管委会: its members the directory knows. */
  members: z.array(UnitMember).optional(),
  unknown: z.boolean().optional(),
})
export type UnitRef = z.infer<typeof UnitRef>

/** 完成时限: a due date or a recurring cadence, with the text it was read from. */
export const Deadline = z.object({
  /** YYYY-MM-DD: 2023年6月底前 → 2023-06-30; 年底前 → the plan's year-end. */
  due: z.string().nullable(),
  /** 长期坚持/持续推进 → ongoing; 每季度 → quarterly … */
  cadence: z.enum(['ongoing', 'yearly', 'half-yearly', 'quarterly', 'monthly']).nullable(),
  text: z.string(),
  span: Span,
})
export type Deadline = z.infer<typeof Deadline>

export const DraftItem = z.object({
  id: StreamId,
  kind: z.enum(['task', 'safeguard']),
  /** Title of the action group (or 保障措施) the item belongs to. */
  section: z.string(),
  sectionId: StreamId,
  /** As written: "1", or "一" for a safeguard. */
  number: z.string(),
  title: z.string(),
  body: z.string(),
  lead: UnitRef.nullable(),
  /** Where the lead came from: a responsible-unit clause, or prose such as "市商务委牵头". */
  leadSource: z.enum(['clause', 'prose']).nullable(),
  coUnits: z.array(UnitRef),
  /** Every district government is bound (区县政府). */
  allDistricts: z.boolean(),
  /** explicit: named in this item; carried: by an earlier "以下均需各区县政府负责" clause. */
  allDistrictsSource: z.enum(['explicit', 'carried']).nullable(),
  /** Only some district governments (有关区县) are named; who they are needs review. */
  someDistricts: z.boolean(),
  /** 从2023年开始: the first year the item applies. */
  startYear: z.number().int().nullable(),
  targets: z.array(Target),
  /** The item's deadline or reporting cadence, when the document states one. */
  deadline: Deadline.nullable().optional(),
  /** The document's own text of the item (its span, as given, traditional characters kept). */
  source: z.string().optional(),
  span: Span,
})
export type DraftItem = z.infer<typeof DraftItem>

export const DraftSection = z.object({
  id: StreamId,
  kind: z.enum(['tasks', 'safeguards']),
  number: z.string().nullable(),
  title: z.string(),
  span: Span,
})
export type DraftSection = z.infer<typeof DraftSection>

export const DraftPlan = z.object({
  id: StreamId,
  title: z.string(),
  issuer: z.string().nullable(),
  /** YYYY-MM-DD. */
  issuedOn: z.string().nullable(),
  period: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  /** title: (2022—2024年) by the title; body: 到2025年 in the text (from the issue year); absent: the office sets it. */
  periodSource: z.enum(['title', 'body']).nullable().optional(),
  /** Numbered paragraphs that name no unit: kept for the reader, never tasks. */
  context: z.array(z.object({ number: z.string(), text: z.string(), span: Span })).optional(),
  goals: z.array(Target),
  sections: z.array(DraftSection),
  items: z.array(DraftItem),
  span: Span,
})
export type DraftPlan = z.infer<typeof DraftPlan>

export const DraftWarning = z.object({
  code: z.string(),
  message: z.string(),
  planId: z.string().optional(),
  itemId: z.string().optional(),
  span: Span.optional(),
})
export type DraftWarning = z.infer<typeof DraftWarning>

/** The draft the supervision office reviews, corrects and confirms; also the API body it edits. */
export const PlanDraft = z.object({ plans: z.array(DraftPlan), warnings: z.array(DraftWarning) })
export type PlanDraft = z.infer<typeof PlanDraft>

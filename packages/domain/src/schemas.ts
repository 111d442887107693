/** Value schemas shared by commands and events of several aggregates. */
import { z } from 'zod'
import { Id } from './ids'

/** A business date, `YYYY-MM-DD`, read as an Asia/Shanghai calendar date. Compares as a string. */
export const BusinessDate = z.iso.date()

/** A calendar year of a plan period. */
export const Year = z.number().int().min(1949).max(2200)

/** A NUL, or half of a UTF-16 surrogate pair without its other half. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point
const NOT_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Text a person wrote, as the ledger keeps it: no NUL and no lone surrogate (JSON lets both
 * through; neither is text, and either breaks a later reader or export), normalised to NFC so
 * the same words are the same string however they were typed, trimmed, 1 to `max` characters.
 * Every free-text field of a command or API body is one of these.
 */
export const humanText = (max: number) =>
  z
    .string()
    .refine((value) => !NOT_TEXT.test(value), 'text must not contain NUL or a lone surrogate')
    .normalize('NFC')
    .trim()
    .min(1)
    .max(max)

/** Free text written by a person: a title, a narrative, a reason. */
export const Text = humanText(20_000)

/** A short line: a title, a period label, an indicator unit. */
export const Line = humanText(500)

/** A reference to a piece of evidence (an attachment id or a URL); the file lives elsewhere. */
export const EvidenceRef = humanText(1_000)

/** Where in the plan's source text a task or target was read from, as character offsets. */
export const SourceSpan = z
  .strictObject({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .refine((span) => span.end > span.start, 'a source span ends after it starts')
export type SourceSpan = z.infer<typeof SourceSpan>

/**
 * A target (目标值) as the plan states it. `kind` says what the number measures:
 * - `level`: a cumulative level reached by `dueOn` ("外贸进出口总值突破1万亿元");
 * - `annual`: a count every year ("每年…开展10场以上");
 * - `share`: a percentage share ("占比提升至40%以上");
 * - `growth_rate`: a yearly growth rate in percent ("年均增长10%以上");
 * - `milestone`: no number, done or not ("实现'零'的突破", "常态化").
 * `comparator` and `value` are required for every kind but `milestone`, which has neither.
 * `steps` are the plan's own yearly steps, which the trajectory (序时进度) follows when given.
 */
export const Target = z
  .strictObject({
    id: Id,
    /** The target as written in the plan. */
    text: Text,
    kind: z.enum(['level', 'annual', 'share', 'growth_rate', 'milestone']),
    comparator: z.enum(['at_least', 'at_most']).optional(),
    value: z.number().finite().optional(),
    /** The measure's unit as written: 亿元, %, 场, 工作日. */
    unit: Line.optional(),
    baseline: z.strictObject({ year: Year, value: z.number().finite() }).optional(),
    steps: z.array(z.strictObject({ year: Year, value: z.number().finite() })).optional(),
    dueOn: BusinessDate.optional(),
    sourceSpan: SourceSpan.optional(),
  })
  .superRefine((target, ctx) => {
    const numeric = target.kind !== 'milestone'
    if (numeric && (target.comparator === undefined || target.value === undefined)) {
      ctx.addIssue({ code: 'custom', message: `a ${target.kind} target needs a comparator and a value` })
    }
    if (!numeric && (target.comparator !== undefined || target.value !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a milestone target has no comparator or value' })
    }
  })
export type Target = z.infer<typeof Target>

/** True when the ids are all different. */
export const distinct = (ids: readonly string[]) => new Set(ids).size === ids.length

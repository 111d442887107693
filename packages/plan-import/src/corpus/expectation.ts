import { z } from 'zod'

/** [comparator, value, measure] as a reader states the target. */
const ExpectedTarget = z.tuple([
  z.enum(['gte', 'lte', 'eq', 'growth', 'milestone']),
  z.number().nullable(),
  z.string().nullable(),
])

export const ExpectedItem = z.object({
  /** The item's number as written: "1", "一" for （一）. */
  number: z.string(),
  lead: z.string(),
  co: z.array(z.string()),
  /** Every district government (or their local equivalent) is bound; absent = false. */
  districts: z.boolean().optional(),
  deadline: z
    .object({
      due: z.string().optional(),
      cadence: z.enum(['ongoing', 'yearly', 'half-yearly', 'quarterly', 'monthly']).optional(),
    })
    .optional(),
  /** Only these are scored; other targets the parser finds are not counted against it. */
  targets: z.array(ExpectedTarget).optional(),
})
export type ExpectedItem = z.infer<typeof ExpectedItem>

/** One corpus document's hand-written expectation, with the source that shows its layout. */
export const Expectation = z.object({
  source: z.object({
    title: z.string(),
    url: z.string().url(),
    level: z.string(),
    year: z.number().int(),
    layout: z.string(),
    note: z.string(),
  }),
  /** Unit directory to read the document with: a bundled jurisdiction, or none (names kept as written). */
  directory: z.enum(['chongqing', 'state-council']).nullable(),
  period: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  items: z.array(ExpectedItem).min(1),
})
export type Expectation = z.infer<typeof Expectation>

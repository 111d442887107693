import type { DraftItem, PlanDraft } from '../draft-schema'
import type { Expectation, ExpectedItem } from './expectation'

/** How a draft compares with a document's hand-written expectation. */
export interface DocumentScore {
  expected: number
  /** Expected items the draft holds (matched by number, in order). */
  found: number
  /** Draft items no expectation names (a split or a context paragraph read as a task). */
  extra: number
  leadsExact: number
  coExact: number
  districtsExact: number
  deadlines: { expected: number; exact: number }
  targets: { expected: number; found: number }
  periodExact: boolean
  /** One line per mismatch, for a reader fixing the parser. */
  misses: string[]
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('、') === [...b].sort().join('、')

export function scoreDocument(draft: PlanDraft, expected: Expectation): DocumentScore {
  const items = draft.plans.flatMap((plan) => plan.items)
  const unused = new Set(items)
  const score: DocumentScore = {
    expected: expected.items.length,
    found: 0,
    extra: 0,
    leadsExact: 0,
    coExact: 0,
    districtsExact: 0,
    deadlines: { expected: 0, exact: 0 },
    targets: { expected: 0, found: 0 },
    periodExact: JSON.stringify(draft.plans[0]?.period ?? null) === JSON.stringify(expected.period),
    misses: [],
  }
  for (const want of expected.items) {
    const got = items.find((item) => unused.has(item) && item.number === want.number)
    if (want.deadline) score.deadlines.expected++
    score.targets.expected += want.targets?.length ?? 0
    if (!got) {
      score.misses.push(`item ${want.number}: not found`)
      continue
    }
    unused.delete(got)
    score.found++
    compareItem(got, want, score)
  }
  score.extra = unused.size
  for (const item of unused) score.misses.push(`item ${item.number}: not expected (${item.title})`)
  return score
}

function compareItem(got: DraftItem, want: ExpectedItem, score: DocumentScore) {
  const miss = (what: string, wanted: unknown, actual: unknown) =>
    score.misses.push(`item ${want.number}: ${what} ${JSON.stringify(actual)} ≠ ${JSON.stringify(wanted)}`)
  if (got.lead?.name === want.lead) score.leadsExact++
  else miss('lead', want.lead, got.lead?.name ?? null)
  const co = got.coUnits.map((unit) => unit.name)
  if (sameSet(co, want.co)) score.coExact++
  else miss('co-units', want.co, co)
  if (got.allDistricts === (want.districts ?? false)) score.districtsExact++
  else miss('districts', want.districts ?? false, got.allDistricts)
  if (want.deadline) {
    const deadline = got.deadline ?? null
    const exact =
      (want.deadline.due ?? null) === (deadline?.due ?? null) &&
      (want.deadline.cadence ?? null) === (deadline?.cadence ?? null)
    if (exact) score.deadlines.exact++
    else miss('deadline', want.deadline, deadline && { due: deadline.due, cadence: deadline.cadence })
  }
  for (const [comparator, value, measure] of want.targets ?? []) {
    const hit = got.targets.some(
      (target) =>
        target.comparator === comparator &&
        target.measure === measure &&
        (value === null
          ? target.value === null
          : target.value !== null && Math.abs(target.value - value) < 1e-9 * Math.max(1, Math.abs(value))),
    )
    if (hit) score.targets.found++
    else
      miss(
        'target',
        [comparator, value, measure],
        got.targets.map((target) => [target.comparator, target.value, target.measure]),
      )
  }
}

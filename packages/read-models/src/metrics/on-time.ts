/**
 * On-time rates and the ranking of units (按时报送率 · 排名): computed here and nowhere else. The
 * unit view, the performance view (`/views/performance`), the web pages, the bulletin and the
 * 台账 export all count through these functions, so a unit's rate is one number everywhere.
 *
 * Pure: obligation facts in, figures out. An obligation counts once its due date has passed
 * (the date asked is after it):
 * - on time (按时) — settled by an accepted report that came in time (the domain's rule
 *   `policy.acceptedOnTime`: by the due date, or a resubmission within the window a return opened);
 * - late (逾期报送) — settled otherwise;
 * - under review (待审核) — a report awaits the office's review (the unit has done its part);
 * - missing (未报送) — nothing accepted and nothing awaiting review.
 * The rate is on time over all that fell due.
 */
import type { policy } from '@duban/domain'
import type { StoredFacts } from '../queries/facts'

export type Outcome = 'on_time' | 'late' | 'under_review' | 'missing'

/** The outcome of an obligation that fell due, from its standing on the date asked. */
export function outcomeOf(
  facts: StoredFacts,
  standing: Pick<policy.ObligationStanding, 'settledBy' | 'onTime'>,
): Outcome {
  // "On time" itself is the domain's rule (policy.acceptedOnTime, in the standing); this module only counts.
  if (standing.settledBy) return standing.onTime ? 'on_time' : 'late'
  return facts.reports.some((r) => r.review === null) ? 'under_review' : 'missing'
}

/** Fell due by `date`: its due date is before the day asked. */
export const fellDue = (dueDate: string, date: string): boolean => dueDate < date

export interface Tally {
  due: number
  onTime: number
  late: number
  underReview: number
  missing: number
  /** onTime / due; null when nothing fell due (no rate, rather than 0% or 100%). */
  onTimeRate: number | null
}

export const emptyTally = (): Tally => ({
  due: 0,
  onTime: 0,
  late: 0,
  underReview: 0,
  missing: 0,
  onTimeRate: null,
})

export function tally(outcomes: Iterable<Outcome>): Tally {
  const t = emptyTally()
  for (const outcome of outcomes) add(t, outcome)
  return withRate(t)
}

function add(t: Tally, outcome: Outcome): void {
  t.due++
  if (outcome === 'on_time') t.onTime++
  else if (outcome === 'late') t.late++
  else if (outcome === 'under_review') t.underReview++
  else t.missing++
}

function withRate(t: Tally): Tally {
  t.onTimeRate = t.due === 0 ? null : t.onTime / t.due
  return t
}

export interface RankedUnit extends Tally {
  unitId: string
  /** Competition ranking (1, 2, 2, 4): equal rates share a rank. */
  rank: number
  onTimeRate: number
}

export interface Ranking {
  ranked: RankedUnit[]
  /** Units asked about that had nothing fall due: listed apart, not ranked. */
  nothingDue: string[]
}

/**
 * Units ranked by on-time rate over the obligations given (those that fell due in a period).
 * Equal rates share a rank — compared as fractions, so 2/3 and 4/6 tie exactly — and within a
 * rank the unit with more obligations due comes first, then by id, so the order is stable.
 * `units` adds the units that had nothing due (they are named, not ranked).
 */
export function rankUnits(
  rows: Iterable<{ unitId: string; outcome: Outcome }>,
  units: Iterable<string> = [],
): Ranking {
  const byUnit = new Map<string, Tally>()
  for (const row of rows) {
    const t = byUnit.get(row.unitId) ?? emptyTally()
    add(t, row.outcome)
    byUnit.set(row.unitId, t)
  }
  const entries = [...byUnit].map(([unitId, t]) => ({ unitId, ...withRate(t) }) as RankedUnit)
  entries.sort(
    (a, b) => compareRate(b, a) || b.due - a.due || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0),
  )
  let rank = 0
  entries.forEach((entry, index) => {
    const previous = entries[index - 1]
    rank = previous && compareRate(previous, entry) === 0 ? rank : index + 1
    entry.rank = rank
  })
  const nothingDue = [...new Set(units)].filter((u) => !byUnit.has(u)).sort()
  return { ranked: entries, nothingDue }
}

/** a's rate against b's, exactly: onTime_a / due_a vs onTime_b / due_b. */
function compareRate(a: Tally, b: Tally): number {
  return a.onTime * b.due - b.onTime * a.due
}

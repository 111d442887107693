/**
 * The figures a lead unit (牵头单位) puts in its progress report: one value per numeric target of
 * its task, for the period the report covers. Like the rest of the behaviour model these are
 * assumptions, drawn so that the indicator views have something true-to-life to show: most
 * targets run on or ahead of the plan's trajectory, some a little behind, a few well behind, and
 * every figure wobbles a little from quarter to quarter. How a target fares is drawn per target,
 * not per unit: a department that reports late may still meet its numbers, and the other way.
 */
import { type IndicatorValue, policy, type Target } from '@duban/domain'
import type { KeyedRandom } from './random'

/** Shares of targets by pace (the share of the planned figure reached), in this order. */
const paces: { share: number; low: number; high: number }[] = [
  { share: 0.6, low: 1, high: 1.08 },
  { share: 0.25, low: 0.93, high: 0.98 },
  { share: 0.15, low: 0.8, high: 0.92 },
]

/**
 * ±0.5% from quarter to quarter around a target's pace: less than a quarter's planned growth, so
 * the forecast through the last two figures keeps the pace's sign.
 */
export const WOBBLE = 0.005

/** The share of its plan a target keeps reaching, drawn once per target. */
export function paceOf(random: KeyedRandom, key: string): number {
  let draw = random.float(`${key} pace band`)
  for (const { share, low, high } of paces) {
    if (draw < share) return low + (high - low) * random.float(`${key} pace`)
    draw -= share
  }
  return 1
}

export interface IndicatorContext {
  /** The plan's first year: a level without a baseline is taken to start 30% short at its start. */
  planFrom: number
  /** The year a target without its own due date is due by (the task's deadline year). */
  dueYear: number
}

/**
 * The values for `period`, one per numeric target; none for milestones or a period that is not
 * a year, quarter or month (an ad-hoc request's label).
 */
export function reportedValues(
  targets: readonly Target[],
  period: string,
  context: IndicatorContext,
  random: KeyedRandom,
  key: string,
): IndicatorValue[] {
  const t = policy.periodEnd(period)
  if (t === undefined) return []
  const values: IndicatorValue[] = []
  for (const target of targets) {
    const goal = target.value
    if (goal === undefined || target.kind === 'milestone') continue
    // The pace holds from quarter to quarter; the wobble around it is small, as real figures
    // rarely fall back from one quarter to the next.
    const wobble = 1 - WOBBLE + 2 * WOBBLE * random.float(`${key} ${target.id} ${period}`)
    const share = paceOf(random, `${key} ${target.id}`) * wobble
    const planned = plannedAt(target, goal, t, context)
    // An at-most target (处理时限压减至6个工作日) is met by staying under it: a laggard sits above.
    const value = target.comparator === 'at_most' ? planned / share : planned * share
    values.push({ targetId: target.id, value: round(value), period })
  }
  return values
}

/**
 * Where the plan wants the figure to be at `t`: the trajectory the indicator view draws, from an
 * assumed start when the plan states no baseline (30% short of the goal at the plan's start; 30%
 * above it for an at-most goal).
 */
function plannedAt(target: Target, goal: number, t: number, context: IndicatorContext): number {
  const dueYear = target.dueOn ? Number(target.dueOn.slice(0, 4)) : context.dueYear
  const baseline = target.baseline ?? {
    year: context.planFrom - 1,
    value: target.comparator === 'at_most' ? goal / 0.7 : goal * 0.7,
  }
  return policy.expectedAt({ ...target, baseline }, t, dueYear) ?? goal
}

/** Three significant decimals at most: reports carry figures as a clerk would type them. */
const round = (value: number) => Math.round(value * 1000) / 1000

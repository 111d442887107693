/**
 * Where an indicator will land if it keeps its pace, and its light. The trajectory itself (序时进度)
 * and the time axis are the domain's policy (`policy.expectedAt`, `policy.periodEnd`).
 */
import { policy, type Target } from '@duban/domain'

export type Light = 'green' | 'yellow' | 'red'

export const { periodEnd, expectedAt } = policy

export interface Point {
  t: number
  value: number
}

/**
 * Where the indicator lands by the deadline at its recent pace: a straight line through the last
 * two known points (the baseline counts as one) for levels and shares; the latest value for
 * yearly counts and rates, which do not accumulate.
 */
export function forecast(target: Target, points: readonly Point[], dueYear: number): number | undefined {
  const known = [
    ...(target.baseline ? [{ t: target.baseline.year, value: target.baseline.value }] : []),
    ...points,
  ].sort((a, b) => a.t - b.t)
  const last = known.at(-1)
  if (!last) return undefined
  if (target.kind !== 'level' && target.kind !== 'share') return last.value
  const before = known.at(-2)
  if (!before || last.t === before.t) return last.value
  const slope = (last.value - before.value) / (last.t - before.t)
  return last.value + slope * (dueYear - last.t)
}

const meets = (target: Target, value: number) =>
  target.comparator === 'at_most' ? value <= (target.value ?? value) : value >= (target.value ?? value)

/**
 * green: on or ahead of the trajectory and forecast to reach the target; yellow: one of the two
 * fails; red: behind the trajectory and forecast to miss. No actual yet: the light is null.
 */
export function indicatorLight(
  target: Target,
  latest: Point | undefined,
  landing: number | undefined,
  dueYear: number,
): { light: Light | null; behind: boolean } {
  if (!latest || target.value === undefined) return { light: null, behind: false }
  const expected = expectedAt(target, latest.t, dueYear)
  const behind =
    expected !== undefined &&
    (target.comparator === 'at_most' ? latest.value > expected : latest.value < expected)
  const reaches = landing === undefined || meets(target, landing)
  return { light: !behind && reaches ? 'green' : behind && !reaches ? 'red' : 'yellow', behind }
}

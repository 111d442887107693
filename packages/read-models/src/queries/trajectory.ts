/**
 * 序时进度: where an indicator should stand at a point of the plan period — linear from its
 * baseline to its target, or the plan's own yearly steps — and where it will land if it keeps
 * its pace. Time is counted in years at the end of a period: "2023" → 2023, "2023-Q2" → 2022.5,
 * "2023-06" → 2022.5, so a baseline year and a deadline year compare with any period.
 */
import type { Target } from '@duban/domain'

export type Light = 'green' | 'yellow' | 'red'

/** End of a period label in years; undefined for a label it cannot read. */
export function periodEnd(period: string): number | undefined {
  const match = /^(\d{4})(?:-(Q([1-4])|(\d{2})))?$/.exec(period.trim())
  if (!match) return undefined
  const year = Number(match[1])
  if (match[3]) return year - 1 + Number(match[3]) / 4
  if (match[4]) return year - 1 + Number(match[4]) / 12
  return year
}

/** The value the trajectory asks for at `t`; undefined when the target has no numbers. */
export function expectedAt(target: Target, t: number, dueYear: number): number | undefined {
  if (target.value === undefined) return undefined
  if (target.kind === 'annual' || target.kind === 'growth_rate') return target.value
  const steps = [...(target.steps ?? [])].sort((a, b) => a.year - b.year)
  if (steps.length > 0) {
    const step = steps.find((s) => s.year >= Math.ceil(t - 1e-9))
    return step?.value ?? target.value
  }
  if (!target.baseline || dueYear <= target.baseline.year) return target.value
  const share = Math.min(1, Math.max(0, (t - target.baseline.year) / (dueYear - target.baseline.year)))
  return target.baseline.value + (target.value - target.baseline.value) * share
}

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

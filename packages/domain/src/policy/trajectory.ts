/**
 * 序时进度: where an indicator should stand at a point of the plan period — linear from its
 * baseline to its target, or the plan's own yearly steps. Time is counted in years at the end of
 * a period: "2023" → 2023, "2023-Q2" → 2022.5, "2023-06" → 2022.5, so a baseline year and a
 * deadline year compare with any period. Shared by the indicator views and the simulation's
 * figures, so both mean the same trajectory.
 */
import type { Target } from '../schemas'

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

/**
 * Which periodic obligations an assignment owes, from its plan's reporting cadence, and when each
 * is opened: on the first day of its period (or the day of assignment, for the first, partial
 * one). Opening at the start of the period lets the unit see what it owes for the quarter it is
 * working in, with a green light until the ladder's first stage.
 */
import { policy, type ReportingCadence } from '@duban/domain'

export interface PeriodToOpen extends policy.ReportingPeriod {
  /** The business date the obligation is opened on. */
  openOn: string
}

/** Every period of the assignment window `from`..`to`, with the day its obligation opens. */
export function periodsOf(
  window: { from: string; to: string },
  reporting: ReportingCadence,
  workingDays: policy.WorkingDays,
): readonly PeriodToOpen[] {
  if (window.from > window.to) return []
  // Thousands of assignments share a few windows (the day a plan was confirmed, its deadline).
  const byWindow = memo.get(workingDays) ?? new Map<string, readonly PeriodToOpen[]>()
  memo.set(workingDays, byWindow)
  const key = `${window.from} ${window.to} ${reporting.cadence} ${reporting.dueWorkingDay}`
  let periods = byWindow.get(key)
  if (!periods) {
    periods = policy
      .obligationsFor(window, reporting, workingDays)
      .map((period) => ({ ...period, openOn: laterOf(period.from, window.from) }))
    if (byWindow.size >= 10_000) byWindow.clear()
    byWindow.set(key, periods)
  }
  return periods
}

const memo = new WeakMap<policy.WorkingDays, Map<string, readonly PeriodToOpen[]>>()

const laterOf = (a: string, b: string) => (a.localeCompare(b) > 0 ? a : b)

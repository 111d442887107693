/**
 * Which periodic obligations an assignment owes, from its plan's reporting policy, and when each
 * is opened: on the first day of its period (or the day of assignment, for the first, partial
 * one). Opening at the start of the period lets the unit see what it owes for the quarter it is
 * working in, with a green light until the ladder's first stage.
 */
import { policy, type ReportingPolicy } from '@duban/domain'

export interface PeriodToOpen extends policy.ReportingPeriod {
  /** The business date the obligation is opened on. */
  openOn: string
}

export function cadenceOf(reporting: ReportingPolicy): policy.ReportingCadence {
  return {
    ...policy.defaultReportingCadence,
    period: reporting.cadence,
    dueOnWorkingDayAfter: reporting.dueWorkingDay,
  }
}

/** Every period of the assignment window `from`..`to`, with the day its obligation opens. */
export function periodsOf(
  window: { from: string; to: string },
  reporting: ReportingPolicy,
  workingDays: policy.WorkingDays,
): PeriodToOpen[] {
  if (window.from > window.to) return []
  return policy
    .obligationsFor(window, cadenceOf(reporting), workingDays)
    .map((period) => ({ ...period, openOn: laterOf(period.from, window.from) }))
}

const laterOf = (a: string, b: string) => (a.localeCompare(b) > 0 ? a : b)

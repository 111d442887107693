/**
 * 报送周期 — the reporting cadence: how often a plan's units report, and when each report is due:
 * on the `dueWorkingDay`-th working day after its period ends ("每季度结束后5个工作日内报送").
 * Quarterly, due on the 5th working day, is the default: a three-year plan is steered quarterly
 * (季度调度), and monthly reports from 90,000 assignments would be a million reports a year for the
 * office to review, most saying "in progress". A plan may choose monthly. A plan records its
 * cadence on PlanRegistered (the field is called `reportingPolicy` there, as stored).
 */
import { z } from 'zod'
import { addCalendarDays, firstOfMonth } from './dates'
import type { BusinessDate, WorkingDays } from './working-days'

export const ReportingCadence = z.strictObject({
  cadence: z.enum(['monthly', 'quarterly']),
  /** The report is due on this working day after the period's last day (1 = the next working day). */
  dueWorkingDay: z.int().min(1).max(20),
})
export type ReportingCadence = z.infer<typeof ReportingCadence>

export const defaultReportingCadence: ReportingCadence = { cadence: 'quarterly', dueWorkingDay: 5 }

export interface ReportingPeriod {
  /** `2023-Q1` or `2023-03`. */
  label: string
  from: BusinessDate
  to: BusinessDate
  dueDate: BusinessDate
}

/**
 * The reporting periods of an assignment window, each with its due date. Every period that overlaps
 * the window is included, partial ones too: the first report covers the start-up weeks and the last
 * one the closing weeks, so no working stretch goes unreported.
 */
export function obligationsFor(
  window: { from: BusinessDate; to: BusinessDate },
  cadence: ReportingCadence,
  workingDays: WorkingDays,
): ReportingPeriod[] {
  if (window.from > window.to)
    throw new RangeError(`window ends before it starts: ${window.from}..${window.to}`)
  const months = cadence.cadence === 'quarterly' ? 3 : 1
  const [startYear, startMonth] = window.from.split('-').map(Number) as [number, number]
  let month = startMonth - ((startMonth - 1) % months)
  const periods: ReportingPeriod[] = []
  for (let from = firstOfMonth(startYear, month); from <= window.to; ) {
    const next = firstOfMonth(startYear, month + months)
    const to = addCalendarDays(next, -1)
    periods.push({
      label: labelOf(from, cadence.cadence),
      from,
      to,
      dueDate: workingDays.addWorkingDays(to, cadence.dueWorkingDay),
    })
    month += months
    from = next
  }
  return periods
}

function labelOf(from: BusinessDate, period: ReportingCadence['cadence']): string {
  const year = from.slice(0, 4)
  const month = Number(from.slice(5, 7))
  return period === 'quarterly' ? `${year}-Q${Math.ceil(month / 3)}` : from.slice(0, 7)
}

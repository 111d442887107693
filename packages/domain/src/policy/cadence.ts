/**
 * Reporting cadence: how often an assignment reports, and when each report is due — on the N-th
 * working day after its period ends (so "the 5th working day of the next month/quarter").
 */
import { z } from 'zod'
import { addCalendarDays, firstOfMonth } from './dates'
import type { BusinessDate, WorkingDays } from './working-days'

export const reportingCadenceSchema = z.object({
  version: z.string().regex(/^cadence-\d{4}\.\d+$/),
  period: z.enum(['monthly', 'quarterly']),
  /** The report is due on this working day after the period's last day (1 = the next working day). */
  dueOnWorkingDayAfter: z.int().min(1).max(20),
})
export type ReportingCadence = z.infer<typeof reportingCadenceSchema>

export interface ReportingPeriod {
  /** `2023-Q1` or `2023-03`. */
  label: string
  from: BusinessDate
  to: BusinessDate
  dueDate: BusinessDate
  cadenceVersion: string
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
  const months = cadence.period === 'quarterly' ? 3 : 1
  const [startYear, startMonth] = window.from.split('-').map(Number) as [number, number]
  let month = startMonth - ((startMonth - 1) % months)
  const periods: ReportingPeriod[] = []
  for (let from = firstOfMonth(startYear, month); from <= window.to; ) {
    const next = firstOfMonth(startYear, month + months)
    const to = addCalendarDays(next, -1)
    periods.push({
      label: labelOf(from, cadence.period),
      from,
      to,
      dueDate: workingDays.addWorkingDays(to, cadence.dueOnWorkingDayAfter),
      cadenceVersion: cadence.version,
    })
    month += months
    from = next
  }
  return periods
}

function labelOf(from: BusinessDate, period: ReportingCadence['period']): string {
  const year = from.slice(0, 4)
  const month = Number(from.slice(5, 7))
  return period === 'quarterly' ? `${year}-Q${Math.ceil(month / 3)}` : from.slice(0, 7)
}

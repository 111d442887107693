/**
 * A deadline as it should be stored: the date, the calendar version that produced it, and whether
 * the span it was counted over lay (partly) outside the version's notices.
 */
import type { Calendar } from './calendar'
import type { BusinessDate } from './civil-date'

export interface DueDate {
  date: BusinessDate
  calendarVersion: string
  /**
   * True when some day counted lies outside the calendar's coverage, so only weekends were known:
   * the date may move once that year's notice is published. Show it as provisional.
   */
  provisional: boolean
}

/** `workingDays` working days after `from`, recorded with the calendar version used. */
export function dueDateAfter(calendar: Calendar, from: BusinessDate, workingDays: number): DueDate {
  const date = calendar.addWorkingDays(from, workingDays)
  const [first, last] = from <= date ? [from, date] : [date, from]
  return {
    date,
    calendarVersion: calendar.version,
    provisional: !calendar.isCovered(first) || !calendar.isCovered(last),
  }
}

/**
 * Calendar-day arithmetic on business dates, zone-free (a business date is already a civil date).
 */
import type { BusinessDate } from './working-days'

const msPerDay = 86_400_000

export function addCalendarDays(date: BusinessDate, days: number): BusinessDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * msPerDay).toISOString().slice(0, 10)
}

/** The first day of a month; month is 1-based and may run past 12 or below 1. */
export function firstOfMonth(year: number, month: number): BusinessDate {
  return new Date(Date.UTC(year, month - 1, 1)).toISOString().slice(0, 10)
}

// ISO dates order as strings, which Math.min/max cannot compare.
export const laterDate = (a: BusinessDate, b: BusinessDate): BusinessDate => (a > b ? a : b)
export const earlierDate = (a: BusinessDate, b: BusinessDate): BusinessDate => (a < b ? a : b)

/**
 * A WorkingDays for tests, built from explicit holiday and make-up-day lists so each spec shows the
 * calendar it relies on. Walks day by day: obviously right rather than fast.
 */
import { addCalendarDays } from './dates'
import type { BusinessDate, WorkingDays } from './working-days'

export function fakeWorkingDays(
  days: { holidays?: BusinessDate[]; workdays?: BusinessDate[] } = {},
): WorkingDays {
  const holidays = new Set(days.holidays)
  const workdays = new Set(days.workdays)
  const isWorkingDay = (date: BusinessDate) => {
    if (holidays.has(date)) return false
    if (workdays.has(date)) return true
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
    return weekday !== 0 && weekday !== 6
  }
  const workingDaysBetween = (a: BusinessDate, b: BusinessDate): number => {
    if (b < a) return -workingDaysBetween(b, a)
    let count = 0
    for (let d = addCalendarDays(a, 1); d <= b; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) count++
    return count
  }
  return {
    isWorkingDay,
    workingDaysBetween,
    addWorkingDays: (date, n) => {
      let d = date
      for (let left = Math.abs(n); left > 0; ) {
        d = addCalendarDays(d, Math.sign(n))
        if (isWorkingDay(d)) left--
      }
      return d
    },
  }
}

/** The 2023 National Day arrangement: 09-29 to 10-06 off, Saturday 10-07 and Sunday 10-08 worked. */
export const nationalDay2023 = {
  holidays: [
    '2023-09-29',
    '2023-09-30',
    '2023-10-01',
    '2023-10-02',
    '2023-10-03',
    '2023-10-04',
    '2023-10-05',
    '2023-10-06',
  ],
  workdays: ['2023-10-07', '2023-10-08'],
}

/** The 2024 Spring Festival: 02-10 to 02-17 off, Sundays 02-04 and 02-18 worked. */
export const springFestival2024 = {
  holidays: [
    '2024-02-10',
    '2024-02-11',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14',
    '2024-02-15',
    '2024-02-16',
    '2024-02-17',
  ],
  workdays: ['2024-02-04', '2024-02-18'],
}

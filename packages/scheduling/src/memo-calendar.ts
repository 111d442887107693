/**
 * A calendar that remembers its answers. The ladder asks the same few questions — "3 working
 * days before 2023-10-11" — for thousands of obligations; a calendar version never changes, so
 * its answers can be kept. Bounded: cleared when it grows past a limit.
 */
import type { Calendar } from '@duban/calendar'

const LIMIT = 100_000

export function memoizedCalendar(calendar: Calendar): Calendar {
  const added = new Map<string, string>()
  const working = new Map<string, boolean>()
  const between = new Map<string, number>()
  const remember = <V>(cache: Map<string, V>, key: string, compute: () => V): V => {
    let value = cache.get(key)
    if (value === undefined) {
      value = compute()
      if (cache.size >= LIMIT) cache.clear()
      cache.set(key, value)
    }
    return value
  }
  return Object.freeze({
    ...calendar,
    isCovered: (date: string) => calendar.isCovered(date),
    nthWorkingDayOfMonth: (year: number, month: number, n: number) =>
      calendar.nthWorkingDayOfMonth(year, month, n),
    dayInfo: (date: string) => calendar.dayInfo(date),
    isWorkingDay: (date: string) => remember(working, date, () => calendar.isWorkingDay(date)),
    addWorkingDays: (date: string, n: number) =>
      remember(added, `${date} ${n}`, () => calendar.addWorkingDays(date, n)),
    workingDaysBetween: (a: string, b: string) =>
      remember(between, `${a} ${b}`, () => calendar.workingDaysBetween(a, b)),
  })
}

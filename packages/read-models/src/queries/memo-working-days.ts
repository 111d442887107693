/**
 * Working-day arithmetic remembered per calendar: the lights of a whole plan ask the same few
 * questions ("3 working days after 2023-10-17", "working days from the due date to today")
 * hundreds of thousands of times, and a calendar version's answers never change.
 */
import type { policy } from '@duban/domain'

const memos = new WeakMap<policy.WorkingDays, policy.WorkingDays>()
const LIMIT = 100_000

export function memoWorkingDays(days: policy.WorkingDays): policy.WorkingDays {
  const known = memos.get(days)
  if (known) return known
  const working = new Map<string, boolean>()
  const added = new Map<string, string>()
  const between = new Map<string, number>()
  const remember = <V>(map: Map<string, V>, key: string, compute: () => V): V => {
    const hit = map.get(key)
    if (hit !== undefined) return hit
    const value = compute()
    if (map.size >= LIMIT) map.clear()
    map.set(key, value)
    return value
  }
  const memo: policy.WorkingDays = {
    isWorkingDay: (date) => remember(working, date, () => days.isWorkingDay(date)),
    addWorkingDays: (date, n) => remember(added, `${date}|${n}`, () => days.addWorkingDays(date, n)),
    workingDaysBetween: (a, b) => remember(between, `${a}|${b}`, () => days.workingDaysBetween(a, b)),
  }
  memos.set(days, memo)
  memos.set(memo, memo)
  return memo
}

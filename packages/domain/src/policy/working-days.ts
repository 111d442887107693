/**
 * What the policy needs to know about working days, injected so the domain stays free of calendar
 * data and time zones. `@duban/calendar`'s `Calendar` satisfies it structurally.
 */

/** A business date in Asia/Shanghai, `YYYY-MM-DD`. */
export type BusinessDate = string

export interface WorkingDays {
  isWorkingDay(date: BusinessDate): boolean
  /** The n-th working day after `date` (n > 0) or before it (n < 0); n = 0 returns `date`. */
  addWorkingDays(date: BusinessDate, n: number): BusinessDate
  /** Working days after `a` up to and including `b`; negative when `b` is before `a`. */
  workingDaysBetween(a: BusinessDate, b: BusinessDate): number
}

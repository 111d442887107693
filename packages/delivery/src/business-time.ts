/**
 * Asia/Shanghai wall time without a time-zone library: China has kept UTC+8 without daylight
 * saving since 1991, so a fixed offset is exact.
 */
const OFFSET_MS = 8 * 3600_000

export const shanghaiDate = (instant: Date): string =>
  new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10)

/** Minutes after midnight, Asia/Shanghai. */
export const shanghaiMinutes = (instant: Date): number => {
  const local = new Date(instant.getTime() + OFFSET_MS)
  return local.getUTCHours() * 60 + local.getUTCMinutes()
}

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** The instant of `date` at `hhmm`, Asia/Shanghai. */
export const atShanghai = (date: string, hhmm: string): Date =>
  new Date(Date.parse(`${date}T${hhmm}:00.000Z`) - OFFSET_MS)

export interface WorkingDays {
  isWorkingDay(date: string): boolean
  /** The n-th working day after `date`. */
  addWorkingDays(date: string, n: number): string
}

/**
 * When a message recorded at `at` may go out: at once if urgent or within working hours of a
 * working day; else at the start of the next working hours (quiet at night and on rest days).
 */
export function notBefore(
  at: Date,
  urgent: boolean,
  hours: { start: string; end: string },
  days: WorkingDays,
): Date {
  if (urgent) return at
  const date = shanghaiDate(at)
  const minutes = shanghaiMinutes(at)
  if (days.isWorkingDay(date)) {
    if (minutes < minutesOf(hours.start)) return atShanghai(date, hours.start)
    if (minutes < minutesOf(hours.end)) return at
  }
  return atShanghai(days.addWorkingDays(date, 1), hours.start)
}

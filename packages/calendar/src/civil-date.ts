/**
 * Business dates as `YYYY-MM-DD` strings, converted to day numbers (days since 1970-01-01) for
 * arithmetic. A civil date has no zone, so plain integer arithmetic is exact and much cheaper than
 * building a DateTime per step; luxon is only needed where an instant meets a zone (business-time.ts).
 */
export type BusinessDate = string

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/
const msPerDay = 86_400_000

export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError'
}

export function toDayNumber(date: BusinessDate): number {
  const match = pattern.exec(date)
  if (!match) throw new InvalidDateError(`not a YYYY-MM-DD date: ${date}`)
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const ms = Date.UTC(y, m - 1, d)
  // Date.UTC rolls 2023-02-30 over into March; a round trip catches it.
  if (fromDayNumber(ms / msPerDay) !== date) throw new InvalidDateError(`no such date: ${date}`)
  return ms / msPerDay
}

export function fromDayNumber(day: number): BusinessDate {
  return new Date(day * msPerDay).toISOString().slice(0, 10)
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return mod(day + 3, 7)
}

export function isWeekend(day: number): boolean {
  return weekdayOf(day) >= 5
}

/**
 * Monday–Friday days in [origin, day] where origin is the Monday 1969-12-29, extended to negative
 * counts before it; only differences are meaningful. Closed form so long spans cost nothing.
 */
export function weekdaysUpTo(day: number): number {
  const s = day + 3
  const weeks = Math.floor((s + 1) / 7)
  return weeks * 5 + Math.min(mod(s + 1, 7), 5)
}

export function lastDayOfMonth(year: number, month: number): BusinessDate {
  return fromDayNumber(Date.UTC(year, month, 0) / msPerDay)
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n
}

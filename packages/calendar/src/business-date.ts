/**
 * The one business date of an instant in Duban (`@duban/calendar/business-date`): the domain (from
 * its injected clock), the projections (from each event's recordedAt) and the scheduler all ask
 * here. Dependency-free on purpose, so the pure domain can import it without luxon or calendar data.
 */
const isoInstant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?Z$/

let lastHour = ''
let lastDate = ''

/**
 * The Asia/Shanghai calendar date (`YYYY-MM-DD`) of a UTC ISO timestamp (`…Z`).
 *
 * Shanghai has kept UTC+8 without daylight saving since 1991, so the date is the UTC date, or
 * the day after it from 16:00 UTC on: string and integer work, no Date or Intl, in a replay that
 * asks for every event's date. All instants of one UTC hour share a Shanghai date, so the last
 * hour's answer is reused.
 */
export function shanghaiDate(recordedAt: string): string {
  if (lastHour === '' || !recordedAt.startsWith(lastHour)) {
    const match = isoInstant.exec(recordedAt)
    if (!match) throw new RangeError(`not an ISO timestamp in UTC: ${recordedAt}`)
    const [, year, month, day, hour] = match as unknown as [string, string, string, string, string]
    lastDate =
      Number(hour) < 16
        ? validDate(+year, +month, +day, recordedAt)
        : dayAfter(+year, +month, +day, recordedAt)
    lastHour = recordedAt.slice(0, 13)
  }
  return lastDate
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function validDate(year: number, month: number, day: number, input: string): string {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
    throw new RangeError(`not an ISO timestamp in UTC: ${input}`)
  return input.slice(0, 10)
}

function dayAfter(year: number, month: number, day: number, input: string): string {
  validDate(year, month, day, input)
  let [y, m, d] = [year, month, day + 1]
  if (d > daysIn(y, m)) [m, d] = [m + 1, 1]
  if (m > 12) [y, m] = [y + 1, 1]
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** The Asia/Shanghai date of a UTC instant: 2023-09-30T16:00Z is already 2023-10-01. */
export function businessDateOf(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError(`invalid instant: ${instant}`)
  return shanghaiDate(instant.toISOString())
}

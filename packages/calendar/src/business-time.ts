/**
 * Where instants meet business dates. Event timestamps are UTC; business dates are Asia/Shanghai
 * (UTC+8 all year: China has had no daylight saving time since 1991).
 */
import { DateTime } from 'luxon'
import { businessDateOf as dateOf } from './business-date'
import type { BusinessDate } from './civil-date'
import { toDayNumber } from './civil-date'

export const businessZone = 'Asia/Shanghai'

/** The Asia/Shanghai date of a UTC instant (see `business-date.ts`), typed as a business date. */
export const businessDateOf = (instant: Date): BusinessDate => dateOf(instant) as BusinessDate

/**
 * The last instant of a business date (23:59:59.999 Asia/Shanghai) as a UTC Date: a report is on
 * time if recorded at or before it.
 */
export function endOfBusinessDay(date: BusinessDate): Date {
  toDayNumber(date)
  return DateTime.fromISO(date, { zone: businessZone }).endOf('day').toUTC().toJSDate()
}

/** The first instant of a business date, e.g. when a scheduler should act on it. */
export function startOfBusinessDay(date: BusinessDate): Date {
  toDayNumber(date)
  return DateTime.fromISO(date, { zone: businessZone }).startOf('day').toUTC().toJSDate()
}

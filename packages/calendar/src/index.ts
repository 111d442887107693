export { shanghaiDate } from './business-date'
export { businessDateOf, businessZone, endOfBusinessDay, startOfBusinessDay } from './business-time'
export type { Calendar, CalendarVersionData, Coverage, DayInfo, DayReason } from './calendar'
export { buildCalendar } from './calendar'
export type { BusinessDate } from './civil-date'
export { InvalidDateError } from './civil-date'
export type { DueDate } from './due-date'
export { dueDateAfter } from './due-date'
export {
  calendarVersion,
  calendarVersionIds,
  latestCalendar,
  noticesFromTsv,
  UnknownCalendarVersionError,
} from './load'
export type { DayKind, Notice, NoticeDay } from './notices'
export { HolidayDataError, parseHolidayTsv } from './notices'
export type { NoticeManifestEntry } from './versions'
export { latestVersionId, noticeManifest, versionManifest } from './versions'

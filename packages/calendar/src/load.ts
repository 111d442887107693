/**
 * Loads the bundled holiday data once and hands out calendars by version id.
 */
import { readFileSync } from 'node:fs'
import type { Calendar } from './calendar'
import { buildCalendar } from './calendar'
import type { Notice } from './notices'
import { HolidayDataError, parseHolidayTsv } from './notices'
import type { NoticeManifestEntry } from './versions'
import { latestVersionId, noticeManifest, versionManifest } from './versions'

export class UnknownCalendarVersionError extends Error {
  override readonly name = 'UnknownCalendarVersionError'
}

const dataUrl = new URL('../data/cn_holidays.tsv', import.meta.url)

let notices: Map<string, Notice> | undefined
const calendars = new Map<string, Calendar>()

/** Builds the notices from TSV text, checking that rows and manifest name the same notices. */
export function noticesFromTsv(text: string, manifest: readonly NoticeManifestEntry[]): Map<string, Notice> {
  const byUrl = parseHolidayTsv(text)
  const result = new Map<string, Notice>()
  for (const entry of manifest) {
    const days = byUrl.get(entry.sourceUrl)
    if (!days) throw new HolidayDataError(`notice ${entry.id} has no rows (${entry.sourceUrl})`)
    result.set(entry.id, { ...entry, days })
    byUrl.delete(entry.sourceUrl)
  }
  const unlisted = [...byUrl.keys()]
  if (unlisted.length > 0) throw new HolidayDataError(`rows from notices not in the manifest: ${unlisted}`)
  return result
}

function bundledNotices(): Map<string, Notice> {
  notices ??= noticesFromTsv(readFileSync(dataUrl, 'utf8'), noticeManifest)
  return notices
}

/** The calendar of a published version; old versions stay available so stored dates reproduce. */
export function calendarVersion(id: string): Calendar {
  const cached = calendars.get(id)
  if (cached) return cached
  const entry = versionManifest.find((v) => v.id === id)
  if (!entry) throw new UnknownCalendarVersionError(`unknown calendar version ${id}`)
  const all = bundledNotices()
  const calendar = buildCalendar({
    id,
    notices: entry.notices.map((noticeId) => {
      const notice = all.get(noticeId)
      if (!notice) throw new HolidayDataError(`${id} names unknown notice ${noticeId}`)
      return notice
    }),
  })
  calendars.set(id, calendar)
  return calendar
}

/** The newest version: use it for new deadlines, and store its `version` with them. */
export function latestCalendar(): Calendar {
  return calendarVersion(latestVersionId)
}

export function calendarVersionIds(): string[] {
  return versionManifest.map((v) => v.id)
}

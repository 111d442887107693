/**
 * Holiday notices: each State Council General Office notice (国务院办公厅关于YYYY年部分节假日安排的通知)
 * names the days off and the make-up working days (调休) for one year. The TSV keeps one row per named
 * date with the notice's URL; a notice is the set of rows sharing a source_url.
 */
import type { BusinessDate } from './civil-date'
import { toDayNumber } from './civil-date'

export type DayKind = 'holiday' | 'workday'

export interface NoticeDay {
  date: BusinessDate
  kind: DayKind
  /** The holiday the row belongs to, e.g. 国庆节. */
  name: string
}

export interface Notice {
  /** Year-based id, e.g. `2023`; an amending notice for the same year would be `2023b`. */
  id: string
  /** The year the notice arranges; its rows may reach into the last days of the year before. */
  year: number
  sourceUrl: string
  days: readonly NoticeDay[]
}

export class HolidayDataError extends Error {
  override readonly name = 'HolidayDataError'
}

/** Parses the TSV (lines starting with `#` are notes) into notices keyed by source_url. */
export function parseHolidayTsv(text: string): Map<string, NoticeDay[]> {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'))
  const [header, ...rows] = lines
  if (header !== 'date\tkind\tname\tsource_url') throw new HolidayDataError(`unexpected header: ${header}`)
  const byUrl = new Map<string, NoticeDay[]>()
  for (const [index, row] of rows.entries()) {
    const [date, kind, name, sourceUrl, ...rest] = row.split('\t')
    if (!date || !name || !sourceUrl || rest.length > 0 || (kind !== 'holiday' && kind !== 'workday')) {
      throw new HolidayDataError(`bad row ${index + 1}: ${row}`)
    }
    toDayNumber(date)
    const days = byUrl.get(sourceUrl) ?? []
    days.push({ date, kind, name })
    byUrl.set(sourceUrl, days)
  }
  return byUrl
}

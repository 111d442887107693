import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildCalendar } from './calendar'
import { dueDateAfter } from './due-date'
import { calendarVersion, calendarVersionIds, latestCalendar, noticesFromTsv } from './load'
import { noticeManifest } from './versions'

t.test('given the published versions, when looked up, then each is its own immutable calendar', async (t) => {
  t.same(calendarVersionIds(), ['cn-2022.1', 'cn-2023.1', 'cn-2024.1', 'cn-2025.1', 'cn-2026.1'])
  t.equal(latestCalendar().version, 'cn-2026.1')
  t.equal(calendarVersion('cn-2024.1').coverage.to, '2024-12-31')
  t.ok(Object.isFrozen(calendarVersion('cn-2024.1')))
  t.throws(() => calendarVersion('cn-1999.1'), { name: 'UnknownCalendarVersionError' })
})

t.test(
  'given a deadline stored under cn-2025.1, when the 2026 notice is published, then recomputing under the stored version gives the same date',
  async (t) => {
    const stored = dueDateAfter(calendarVersion('cn-2025.1'), '2025-12-31', 1)
    t.same(stored, { date: '2026-01-01', calendarVersion: 'cn-2025.1', provisional: true })

    const underNewVersion = dueDateAfter(calendarVersion('cn-2026.1'), '2025-12-31', 1)
    t.same(underNewVersion, { date: '2026-01-04', calendarVersion: 'cn-2026.1', provisional: false })

    t.same(dueDateAfter(calendarVersion(stored.calendarVersion), '2025-12-31', 1), stored)
  },
)

t.test(
  "given next year's notice appended to the data, when a new version is built from it, then the previous version answers as before",
  async (t) => {
    const text = readFileSync(new URL('../data/cn_holidays.tsv', import.meta.url), 'utf8')
    const url2027 = 'https://example.invalid/2027-notice'
    const withNextYear = `${text}2027-01-01\tholiday\t元旦\t${url2027}\n`
    const manifest = [...noticeManifest, { id: '2027', year: 2027, sourceUrl: url2027 }]
    const notices = noticesFromTsv(withNextYear, manifest)
    const ids = ['2022', '2023', '2024', '2025', '2026']
    const rebuilt2026 = buildCalendar({ id: 'cn-2026.1', notices: ids.map((id) => notices.get(id)!) })
    const next = buildCalendar({ id: 'cn-2027.1', notices: [...ids, '2027'].map((id) => notices.get(id)!) })

    t.equal(next.addWorkingDays('2026-12-31', 1), '2027-01-04')
    t.equal(rebuilt2026.addWorkingDays('2026-12-31', 1), '2027-01-01')
    t.equal(calendarVersion('cn-2026.1').addWorkingDays('2026-12-31', 1), '2027-01-01')
  },
)

t.test('given rows from a notice missing in the manifest, when loading, then it refuses', async (t) => {
  const text = 'date\tkind\tname\tsource_url\n2027-01-01\tholiday\t元旦\thttps://example.invalid/x\n'
  t.throws(() => noticesFromTsv(text, []), { name: 'HolidayDataError' })
  t.throws(() => noticesFromTsv(text, noticeManifest), { name: 'HolidayDataError' })
})

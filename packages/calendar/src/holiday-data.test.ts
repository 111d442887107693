/**
 * Checks the bundled TSV against the official arrangements, typed by hand from each notice's text
 * (国务院办公厅关于YYYY年部分节假日安排的通知). A failure means the data or this transcription is
 * wrong: report it, don't edit the row to make it pass.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { fromDayNumber, isWeekend, toDayNumber } from './civil-date'
import { noticesFromTsv } from './load'
import { noticeManifest } from './versions'

type Arrangement = { off: [string, string][]; work: string[] }

const official: Record<string, Arrangement> = {
  '2022': {
    off: [
      ['2022-01-01', '2022-01-03'],
      ['2022-01-31', '2022-02-06'],
      ['2022-04-03', '2022-04-05'],
      ['2022-04-30', '2022-05-04'],
      ['2022-06-03', '2022-06-05'],
      ['2022-09-10', '2022-09-12'],
      ['2022-10-01', '2022-10-07'],
    ],
    work: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
  },
  '2023': {
    off: [
      ['2022-12-31', '2023-01-02'],
      ['2023-01-21', '2023-01-27'],
      ['2023-04-05', '2023-04-05'],
      ['2023-04-29', '2023-05-03'],
      ['2023-06-22', '2023-06-24'],
      ['2023-09-29', '2023-10-06'],
    ],
    work: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
  },
  '2024': {
    off: [
      ['2024-01-01', '2024-01-01'],
      ['2024-02-10', '2024-02-17'],
      ['2024-04-04', '2024-04-06'],
      ['2024-05-01', '2024-05-05'],
      ['2024-06-10', '2024-06-10'],
      ['2024-09-15', '2024-09-17'],
      ['2024-10-01', '2024-10-07'],
    ],
    work: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  '2025': {
    off: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  '2026': {
    off: [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
}

const notices = noticesFromTsv(
  readFileSync(new URL('../data/cn_holidays.tsv', import.meta.url), 'utf8'),
  noticeManifest,
)

const expand = ([from, to]: [string, string]) => {
  const days: string[] = []
  for (let day = toDayNumber(from); day <= toDayNumber(to); day++) days.push(fromDayNumber(day))
  return days
}

for (const [id, arrangement] of Object.entries(official)) {
  t.test(
    `given the ${id} notice, when compared with the official arrangement, then the days agree`,
    async (t) => {
      const notice = notices.get(id)
      if (!notice) throw new Error(`no notice ${id}`)
      const off = notice.days.filter((d) => d.kind === 'holiday').map((d) => d.date)
      const work = notice.days.filter((d) => d.kind === 'workday').map((d) => d.date)
      t.same(off.sort(), arrangement.off.flatMap(expand).sort())
      t.same(work.sort(), [...arrangement.work].sort())
      t.ok(
        work.every((date) => isWeekend(toDayNumber(date))),
        'every make-up working day falls on a weekend',
      )
    },
  )
}

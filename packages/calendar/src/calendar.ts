/**
 * An immutable working-day calendar built from one version's notices. Every method is a pure
 * function of the version, so a due date stored with its version can always be recomputed.
 */
import type { BusinessDate } from './civil-date'
import { fromDayNumber, isWeekend, lastDayOfMonth, toDayNumber, weekdaysUpTo } from './civil-date'
import type { Notice } from './notices'
import { HolidayDataError } from './notices'

export interface Coverage {
  from: BusinessDate
  to: BusinessDate
}

export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'make-up-workday'

export interface DayInfo {
  date: BusinessDate
  working: boolean
  reason: DayReason
  /** The holiday a notice names for this date, e.g. 国庆节. */
  holiday: string | null
  noticeId: string | null
  /** False outside the years the notices cover: the answer then rests on the weekend rule alone. */
  covered: boolean
}

export interface Calendar {
  /** e.g. `cn-2026.1`; store it with every date computed from this calendar. */
  readonly version: string
  readonly notices: readonly { id: string; year: number; sourceUrl: string }[]
  readonly coverage: Coverage
  isCovered(date: BusinessDate): boolean
  isWorkingDay(date: BusinessDate): boolean
  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); n = 0 returns `date` unchanged.
   * `workingDaysBetween(date, addWorkingDays(date, n)) === n` for n ≥ 0.
   */
  addWorkingDays(date: BusinessDate, n: number): BusinessDate
  /**
   * Working days after `a` up to and including `b` ("working days overdue" when `a` is the due date);
   * negative when `b` is before `a`, so `workingDaysBetween(a, b) === -workingDaysBetween(b, a)`.
   */
  workingDaysBetween(a: BusinessDate, b: BusinessDate): number
  /** The n-th (1-based) working day of a month, e.g. the 5th working day of October 2023. */
  nthWorkingDayOfMonth(year: number, month: number, n: number): BusinessDate
  dayInfo(date: BusinessDate): DayInfo
}

export interface CalendarVersionData {
  id: string
  /** Applied in order; a later notice overrides an earlier one on the same date (an amendment). */
  notices: readonly Notice[]
}

interface Override {
  working: boolean
  holiday: string
  noticeId: string
}

export function buildCalendar(data: CalendarVersionData): Calendar {
  const coverage = coverageOf(data)
  const coverageFrom = toDayNumber(coverage.from)
  const coverageTo = toDayNumber(coverage.to)

  const overrides = new Map<number, Override>()
  for (const notice of data.notices) {
    for (const day of notice.days) {
      overrides.set(toDayNumber(day.date), {
        working: day.kind === 'workday',
        holiday: day.name,
        noticeId: notice.id,
      })
    }
  }

  // Days where a notice flips the weekend rule, with running sums of the flips, so that counting
  // working days over any span is a closed-form weekday count plus two binary searches.
  const flips = [...overrides.entries()]
    .filter(([day, o]) => o.working === isWeekend(day))
    .map(([day, o]) => ({ day, delta: o.working ? 1 : -1 }))
    .sort((x, y) => x.day - y.day)
  const flipDays = flips.map((f) => f.day)
  const flipSums: number[] = []
  for (const [i, f] of flips.entries()) flipSums.push((flipSums[i - 1] ?? 0) + f.delta)

  const flipsUpTo = (day: number): number => {
    let lo = 0
    let hi = flipDays.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((flipDays[mid] as number) <= day) lo = mid + 1
      else hi = mid
    }
    return lo === 0 ? 0 : (flipSums[lo - 1] as number)
  }
  const workingUpTo = (day: number) => weekdaysUpTo(day) + flipsUpTo(day)
  const working = (day: number) => overrides.get(day)?.working ?? !isWeekend(day)

  const addWorkingDays = (date: BusinessDate, n: number): BusinessDate => {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`)
    let day = toDayNumber(date)
    const step = Math.sign(n)
    for (let left = Math.abs(n); left > 0; ) {
      day += step
      if (working(day)) left--
    }
    return fromDayNumber(day)
  }

  const calendar: Calendar = {
    version: data.id,
    notices: data.notices.map(({ id, year, sourceUrl }) => ({ id, year, sourceUrl })),
    coverage,
    isCovered: (date) => {
      const day = toDayNumber(date)
      return day >= coverageFrom && day <= coverageTo
    },
    isWorkingDay: (date) => working(toDayNumber(date)),
    addWorkingDays,
    workingDaysBetween: (a, b) => workingUpTo(toDayNumber(b)) - workingUpTo(toDayNumber(a)),
    nthWorkingDayOfMonth: (year, month, n) => {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`)
      const result = addWorkingDays(lastDayOfMonth(year, month - 1), n)
      if (result > lastDayOfMonth(year, month)) {
        throw new RangeError(`${year}-${month} has fewer than ${n} working days`)
      }
      return result
    },
    dayInfo: (date) => {
      const day = toDayNumber(date)
      const override = overrides.get(day)
      const covered = day >= coverageFrom && day <= coverageTo
      if (override) {
        return {
          date,
          working: override.working,
          reason: override.working ? 'make-up-workday' : 'holiday',
          holiday: override.holiday,
          noticeId: override.noticeId,
          covered,
        }
      }
      const weekend = isWeekend(day)
      return {
        date,
        working: !weekend,
        reason: weekend ? 'weekend' : 'weekday',
        holiday: null,
        noticeId: null,
        covered,
      }
    },
  }
  return Object.freeze(calendar)
}

/** The whole years the notices arrange; they must follow each other without a gap. */
function coverageOf(data: CalendarVersionData): Coverage {
  const years = [...new Set(data.notices.map((n) => n.year))].sort((a, b) => a - b)
  const first = years[0]
  const last = years.at(-1)
  if (first === undefined || last === undefined) throw new HolidayDataError(`${data.id} has no notices`)
  if (last - first + 1 !== years.length) {
    throw new HolidayDataError(`${data.id} leaves a gap between ${first} and ${last}`)
  }
  return { from: `${first}-01-01`, to: `${last}-12-31` }
}

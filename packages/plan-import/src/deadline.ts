import type { Deadline } from './draft-schema'

/**
 * Deadlines as supervision documents write them, most specific first. Each pattern yields a due
 * date (a year may be implied by the plan's year) or a cadence.
 */
const LIMIT_LABEL = /完成时限\s*[:：]\s*([^\n。；;）)]+)/
const MONTH_END = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:底|末|份)?\s*(?:前|以前|之前)/
const YEAR_END =
  /(\d{4})\s*年\s*(?:年底|底|末|年末)\s*(?:前|以前|之前)?|(\d{4})\s*年\s*(?:内|前)(?:完成|建成|出台)/
const THIS_YEAR_END = /年底前|年内(?:完成|出台|建成)/
const ONGOING = /长期坚持|持续推进|长期推进|常态化推进|年内持续推进/
const CADENCES: [RegExp, NonNullable<Deadline['cadence']>][] = [
  [/每季度|每个季度|按季度|季度(?:报送|调度)/, 'quarterly'],
  [/每月|每个月|按月/, 'monthly'],
  [/每半年|半年/, 'half-yearly'],
  [/每年/, 'yearly'],
]

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/**
 * The item's deadline. `preferred` is a deadline phrase found in the unit clause or a table
 * cell (it wins over the body); `year` is the plan's year for dates written without one.
 */
export function findDeadline(
  text: string,
  offset: number,
  year: number | null,
  preferred?: { text: string; start: number },
): Deadline | null {
  if (preferred) {
    const parsed = readPhrase(preferred.text, year)
    if (parsed) return { ...parsed, text: preferred.text, span: span(preferred.start, preferred.text) }
  }
  const label = LIMIT_LABEL.exec(text)
  if (label?.[1]) {
    const parsed = readPhrase(label[1], year)
    if (parsed) return { ...parsed, text: label[1].trim(), span: span(offset + label.index, label[0]) }
  }
  for (const pattern of [MONTH_END, YEAR_END]) {
    const match = pattern.exec(text)
    if (match) {
      const parsed = readPhrase(match[0], year)
      if (parsed) return { ...parsed, text: match[0], span: span(offset + match.index, match[0]) }
    }
  }
  for (const pattern of [ONGOING, THIS_YEAR_END, ...CADENCES.map(([p]) => p)]) {
    const match = pattern.exec(text)
    if (match) {
      const parsed = readPhrase(match[0], year)
      if (parsed) return { ...parsed, text: match[0], span: span(offset + match.index, match[0]) }
    }
  }
  return null
}

/** One deadline phrase → due date or cadence; null when it is neither. */
export function readPhrase(phrase: string, year: number | null): Pick<Deadline, 'due' | 'cadence'> | null {
  const month = MONTH_END.exec(phrase)
  if (month) {
    const y = month[1] ? Number(month[1]) : year
    const m = Number(month[2])
    if (y && m >= 1 && m <= 12) return { due: `${y}-${pad(m)}-${pad(lastDay(y, m))}`, cadence: null }
  }
  const yearEnd = YEAR_END.exec(phrase)
  if (yearEnd) return { due: `${Number(yearEnd[1] ?? yearEnd[2])}-12-31`, cadence: null }
  if (ONGOING.test(phrase)) return { due: null, cadence: 'ongoing' }
  if (THIS_YEAR_END.test(phrase) && year) return { due: `${year}-12-31`, cadence: null }
  for (const [pattern, cadence] of CADENCES) if (pattern.test(phrase)) return { due: null, cadence }
  return null
}

/** Whether a comma-separated part of a unit clause is a deadline rather than units. */
export function isDeadlinePhrase(part: string): boolean {
  return !/负责|牵头|配合|参与|协办/.test(part) && readPhrase(part, 2000) !== null
}

function span(start: number, text: string) {
  return { start, end: start + text.length }
}

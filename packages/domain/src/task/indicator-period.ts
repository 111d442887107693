/**
 * The period a figure speaks of: a year ("2023"), a quarter ("2023-Q4") or a month ("2023-07").
 * Its last day is the business date a correction of it is recorded with (bitemporal: a 2023
 * figure corrected in 2024 speaks of 2023-12-31).
 */
import { z } from 'zod'

const PERIOD = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/

export const IndicatorPeriod = z.string().regex(PERIOD, 'a period is YYYY, YYYY-Qn or YYYY-MM')

/** `YYYY-MM-DD`, the last day of the period. */
export function periodLastDay(period: string): string {
  const match = PERIOD.exec(period)
  if (!match) throw new Error(`not a period: ${period}`)
  const year = Number(match[1])
  const lastMonth = match[2] ? Number(match[2]) * 3 : match[3] ? Number(match[3]) : 12
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate()
  return `${year}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`
}

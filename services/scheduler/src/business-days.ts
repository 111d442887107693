/** The business days a scheduler process is asked to run, from `--today` or `--from/--to`. */
import { startOfBusinessDay } from '@duban/calendar'
import { ConfigError } from './config'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** [] for "the system clock's today"; one day for `--today`; each day of `--from … --to`. */
export function businessDays(values: {
  today?: string | undefined
  from?: string | undefined
  to?: string | undefined
}): string[] {
  for (const given of [values.today, values.from, values.to]) {
    if (given !== undefined && !DATE.test(given)) throw new ConfigError(`not a date (YYYY-MM-DD): ${given}`)
  }
  if (values.today !== undefined && (values.from !== undefined || values.to !== undefined)) {
    throw new ConfigError('--today or --from/--to, not both')
  }
  if (values.today) return [values.today]
  if (!values.from && !values.to) return []
  if (!values.from || !values.to || values.from > values.to) {
    throw new ConfigError('--from and --to go together, from ≤ to')
  }
  const out: string[] = []
  for (
    let d = new Date(`${values.from}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= values.to;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push(d.toISOString().slice(0, 10))
  }
  return out
}

/** 08:00 in Shanghai on a business date: when the scheduler runs. */
export const morningOf = (day: string) => new Date(startOfBusinessDay(day).getTime() + 8 * 3_600_000)

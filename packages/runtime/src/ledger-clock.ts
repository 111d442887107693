/**
 * One clock for a ledger: the server, the scheduler and the CLI on the same ledger see the same
 * "now". A ledger may stand still at a stated instant (the demo's 2023-11-15 10:00 Shanghai): a
 * `clock.json` beside the log says so, written when that ledger was made. Without it the ledger
 * runs on the system clock. `--now` on the CLI overrides both for one command.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type Clock, fixedClock, systemClock } from '@duban/ledger'
import { DateTime } from 'luxon'
import { z } from 'zod'
import type { Config } from './config'

export const LEDGER_CLOCK_FILE = 'clock.json'

const ClockFile = z.object({
  /** The instant this ledger's clock stands at (UTC, ISO 8601). */
  standsAt: z.iso.datetime(),
  /** Why it stands still, shown at start: e.g. "demo ledger". */
  reason: z.string().min(1),
})
type ClockFile = z.infer<typeof ClockFile>

export class LedgerClockError extends Error {
  override readonly name = 'LedgerClockError'
}

const clockFile = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, LEDGER_CLOCK_FILE)

/** Records that this ledger's clock stands at `instant` (the demo ledger, seeded at its date). */
export function standLedgerClockAt(config: Pick<Config, 'dataDir'>, instant: Date, reason: string): void {
  mkdirSync(config.dataDir, { recursive: true })
  const content: ClockFile = { standsAt: instant.toISOString(), reason }
  writeFileSync(clockFile(config), `${JSON.stringify(content, null, 2)}\n`)
}

/** Where this ledger's clock stands still, or undefined when it runs on the system clock. */
export function ledgerClockStandsAt(config: Pick<Config, 'dataDir'>): ClockFile | undefined {
  const file = clockFile(config)
  if (!existsSync(file)) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new LedgerClockError(`${file} is not JSON: delete it to run this ledger on the system clock`)
  }
  const result = ClockFile.safeParse(parsed)
  if (!result.success) {
    throw new LedgerClockError(
      `${file} does not say when the ledger's clock stands ({"standsAt": "2023-11-15T02:00:00.000Z", "reason": "…"}): ${result.error.issues[0]?.message}`,
    )
  }
  return result.data
}

/**
 * The ledger's clock: `now` when given (an ISO instant, or a date meaning 10:00 that day in
 * Asia/Shanghai, after the scheduler's morning run), else the instant the ledger stands at, else
 * the system clock.
 */
export function ledgerClock(config: Pick<Config, 'dataDir'>, now?: string): Clock {
  if (now !== undefined) return fixedClock(parseNow(now))
  const standing = ledgerClockStandsAt(config)
  return standing ? fixedClock(standing.standsAt) : systemClock
}

/** A `--now` value: `YYYY-MM-DD` (10:00 Asia/Shanghai) or an ISO 8601 instant with its offset. */
export function parseNow(value: string): Date {
  const asDate = DateTime.fromISO(value, { zone: 'Asia/Shanghai' })
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && asDate.isValid) return asDate.set({ hour: 10 }).toJSDate()
  const instant = DateTime.fromISO(value, { setZone: true })
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && /(Z|[+-]\d{2}:?\d{2})$/.test(value) && instant.isValid) {
    return instant.toJSDate()
  }
  throw new LedgerClockError(
    `--now ${JSON.stringify(value)}: expected a date (YYYY-MM-DD, read as 10:00 Asia/Shanghai) or an instant with its offset (2023-11-15T10:00:00+08:00)`,
  )
}

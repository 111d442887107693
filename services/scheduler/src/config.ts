/**
 * The scheduler process's configuration: the environment, validated once at start, with command
 * line flags taking precedence. A bad value stops the process with a line naming the variable
 * (exit 2) instead of a confusing failure later.
 */
import { join, resolve } from 'node:path'
import { parseStoreUrl, type StoreLocation, StoreUrlError } from '@duban/eventstore'
import { z } from 'zod'

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

/** `500ms`, `30s`, `5m`, `1h` → milliseconds. */
const Duration = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, 'a duration such as 500ms, 60s, 5m or 1h')
  .transform((text) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(text)!
    return Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']
  })
  .refine((ms) => ms > 0, 'must be longer than 0')

export const SchedulerEnvSchema = z.object({
  /** Where SQLite files live: the embedded log and, by default, the due index. */
  DUBAN_DATA_DIR: z.string().min(1).default('./data'),
  /** The event store: `sqlite:path`, `postgres://…` or `esdb://…`; default the SQLite log in the data dir. */
  DUBAN_STORE_URL: z.string().min(1).optional(),
  /** The due index, a SQLite file local to this process, rebuilt from the log when missing. */
  DUBAN_SCHEDULER_INDEX: z.string().min(1).optional(),
  /** Run continuously, once per this interval, while leading; unset: run once and exit. */
  DUBAN_SCHEDULER_EVERY: Duration.optional(),
  /** PostgreSQL holding the leader lock; default the store's URL when that is PostgreSQL. */
  DUBAN_LEADER_LOCK_URL: z.string().min(1).optional(),
  /** How often a standby tries to take the leadership. */
  DUBAN_LEADER_RETRY: Duration.default(2000),
  /** How often the leader checks that it still holds the lock (and that check's timeout). */
  DUBAN_LEADER_CHECK: Duration.default(5000),
  LOG_LEVEL: LogLevel.default('info'),
})

export interface SchedulerConfig {
  store: StoreLocation
  indexFile: string
  /** Milliseconds between runs in service mode; undefined: run once (or each `--from/--to` day). */
  everyMs?: number
  /** PostgreSQL of the leader lock; undefined on SQLite, where one machine holds the only log. */
  lockUrl?: string
  leaderRetryMs: number
  leaderCheckMs: number
  logLevel: z.infer<typeof LogLevel>
}

/** Flags given on the command line; each wins over its variable. */
export interface SchedulerFlags {
  store?: string | undefined
  /** A SQLite log file: shorthand for `--store sqlite:FILE`. */
  log?: string | undefined
  index?: string | undefined
  every?: string | undefined
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export function loadSchedulerConfig(
  env: NodeJS.ProcessEnv = process.env,
  flags: SchedulerFlags = {},
): SchedulerConfig {
  const parsed = SchedulerEnvSchema.safeParse({
    ...env,
    ...(flags.every !== undefined && { DUBAN_SCHEDULER_EVERY: flags.every }),
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const name = String(issue.path[0] ?? '')
    const source = name === 'DUBAN_SCHEDULER_EVERY' && flags.every !== undefined ? '--every' : name
    throw new ConfigError(`${source}: ${issue.message}`)
  }
  const vars = parsed.data
  if (flags.store !== undefined && flags.log !== undefined) {
    throw new ConfigError('--store and --log name the same thing: give one')
  }
  const storeUrl =
    flags.store ?? (flags.log !== undefined ? `sqlite:${flags.log}` : undefined) ?? vars.DUBAN_STORE_URL
  const store = storeAt(
    storeUrl,
    vars.DUBAN_DATA_DIR,
    flags.store !== undefined ? '--store' : 'DUBAN_STORE_URL',
  )
  const lockUrl = vars.DUBAN_LEADER_LOCK_URL ?? (store.kind === 'postgres' ? store.url : undefined)
  if (
    lockUrl !== undefined &&
    storeAt(lockUrl, vars.DUBAN_DATA_DIR, 'DUBAN_LEADER_LOCK_URL').kind !== 'postgres'
  ) {
    throw new ConfigError('DUBAN_LEADER_LOCK_URL: the leader lock needs a postgres:// URL')
  }
  // Two schedulers on EventStoreDB would fork its hash chain: service mode there needs the lock.
  if (store.kind === 'esdb' && vars.DUBAN_SCHEDULER_EVERY !== undefined && lockUrl === undefined) {
    throw new ConfigError(
      'DUBAN_LEADER_LOCK_URL: required to run continuously on EventStoreDB (a PostgreSQL for the leader lock)',
    )
  }
  return {
    store,
    indexFile: resolve(
      flags.index ?? vars.DUBAN_SCHEDULER_INDEX ?? join(vars.DUBAN_DATA_DIR, 'scheduler.sqlite'),
    ),
    ...(vars.DUBAN_SCHEDULER_EVERY !== undefined && { everyMs: vars.DUBAN_SCHEDULER_EVERY }),
    ...(lockUrl !== undefined && { lockUrl }),
    leaderRetryMs: vars.DUBAN_LEADER_RETRY,
    leaderCheckMs: vars.DUBAN_LEADER_CHECK,
    logLevel: vars.LOG_LEVEL,
  }
}

/** The store URL parsed, a refusal naming where the URL came from. */
function storeAt(url: string | undefined, dataDir: string, source: string): StoreLocation {
  try {
    return parseStoreUrl(url, { dataDir })
  } catch (error) {
    if (error instanceof StoreUrlError) throw new ConfigError(`${source}: ${error.message}`)
    throw error
  }
}

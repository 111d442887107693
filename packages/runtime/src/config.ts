/**
 * Configuration comes from the environment, validated once at start: a typo in PORT stops the
 * server with a message naming the variable, instead of a confusing failure later.
 */
import path from 'node:path'
import { parseStoreUrl, type StoreLocation, StoreUrlError } from '@duban/eventstore'
import { z } from 'zod'

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where the SQLite files live: the embedded log, accounts and drafts, and always the read models. */
  DUBAN_DATA_DIR: z.string().min(1).default('./data'),
  /** The event store: `sqlite:path` or `postgres://…`; default the SQLite log in the data dir. */
  DUBAN_STORE_URL: z.string().min(1).optional(),
  LOG_LEVEL: LogLevel.default('info'),
  /** Largest request body accepted, in bytes. */
  DUBAN_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** Requests served at once beyond which new ones get 503 + Retry-After. */
  DUBAN_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(64),
  /** Mean event-loop delay (ms) beyond which new requests get 503 + Retry-After; 0 to not check. */
  DUBAN_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /**
   * The reverse proxies in front of the API (addresses or CIDRs, comma-separated): only from them
   * is X-Forwarded-For believed, so sign-in limits count the real client, not the proxy.
   */
  DUBAN_TRUSTED_PROXY: z
    .string()
    .regex(/^[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*$/, 'addresses or CIDRs, comma-separated')
    .optional(),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  /** Where the events are; on PostgreSQL the accounts and drafts are there too. */
  store: StoreLocation
  logLevel: z.infer<typeof LogLevel>
  bodyLimit: number
  /** Load shedding (plugins/load-shedding.ts). */
  overload: { maxInFlight: number; maxEventLoopDelayMs: number }
  /** Proxies whose X-Forwarded-For is believed; none by default. */
  trustedProxies: string[]
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n')
    throw new ConfigError(`invalid configuration in the environment:\n${problems}`)
  }
  const { PORT, HOST, DUBAN_DATA_DIR, DUBAN_STORE_URL, LOG_LEVEL, DUBAN_BODY_LIMIT } = parsed.data
  const overload = {
    maxInFlight: parsed.data.DUBAN_MAX_IN_FLIGHT,
    maxEventLoopDelayMs: parsed.data.DUBAN_MAX_EVENT_LOOP_DELAY_MS,
  }
  return {
    port: PORT,
    host: HOST,
    dataDir: path.resolve(DUBAN_DATA_DIR),
    store: apiStore(DUBAN_STORE_URL, DUBAN_DATA_DIR),
    logLevel: LOG_LEVEL,
    bodyLimit: DUBAN_BODY_LIMIT,
    overload,
    trustedProxies: parsed.data.DUBAN_TRUSTED_PROXY?.split(',') ?? [],
  }
}

/**
 * The API writes from several processes at once: on EventStoreDB that would fork the hash chain
 * (the adapter needs a single writer), so the API runs on SQLite or PostgreSQL only.
 */
function apiStore(url: string | undefined, dataDir: string): StoreLocation {
  const refuse = (message: string) =>
    new ConfigError(`invalid configuration in the environment:\n  DUBAN_STORE_URL: ${message}`)
  let store: StoreLocation
  try {
    store = parseStoreUrl(url, { dataDir })
  } catch (error) {
    throw error instanceof StoreUrlError ? refuse(error.message) : error
  }
  if (store.kind === 'esdb') {
    throw refuse(
      'the API runs on sqlite: or postgres:// (several API processes writing to EventStoreDB would fork its hash chain; see infra/README.md)',
    )
  }
  return store
}

/**
 * Event stores named by URL, the one syntax every process and command reads (`DUBAN_STORE_URL`,
 * the scheduler's `--store`, `duban migrate --from/--to`):
 *   sqlite:relative/path · sqlite:///absolute/path   (relative to the working directory)
 *   postgres://user:password@host:5432/database      (or postgresql://)
 *   esdb://host:2113?tls=false                       (an EventStoreDB connection string)
 * The EventStoreDB adapter is a package of its own (`@duban/eventstore-esdb`, which depends on this
 * one): a process that accepts `esdb://` passes its opener to `openStoreAt`.
 */
import { join, resolve } from 'node:path'
import type { Logger } from 'pino'
import type { EventStore } from './contract'
import { openPostgresEventStore } from './postgres/postgres-store'
import { openSqliteEventStore } from './sqlite/sqlite-store'

export type StoreKind = 'sqlite' | 'postgres' | 'esdb'

export interface StoreLocation {
  kind: StoreKind
  /** As given: it carries the password, so never log it. */
  url: string
  /** The URL with any password masked, for logs and messages. */
  display: string
  /** The SQLite file (absolute), for `sqlite:` URLs. */
  file?: string
}

/** What is wrong with a store URL; callers prefix it with where the URL came from. */
export class StoreUrlError extends Error {
  override readonly name = 'StoreUrlError'
}

/** The embedded log's file name in a data directory. */
export const EMBEDDED_LOG_FILE = 'duban.sqlite'

/**
 * Parses a store URL; none (undefined) means the embedded SQLite log in `dataDir`. The message of
 * a refusal never repeats an unparsable URL, which may hold a password.
 * @throws StoreUrlError
 */
export function parseStoreUrl(text: string | undefined, options: { dataDir?: string } = {}): StoreLocation {
  const url = text ?? `sqlite:${join(options.dataDir ?? './data', EMBEDDED_LOG_FILE)}`
  if (url.startsWith('sqlite:')) {
    const absolute = url.startsWith('sqlite://')
    const path = url.slice(absolute ? 'sqlite://'.length : 'sqlite:'.length)
    if (path === '') throw new StoreUrlError(`${url} names no file`)
    if (absolute && !path.startsWith('/')) {
      throw new StoreUrlError(`${url}: use sqlite:relative/path or sqlite:///absolute/path`)
    }
    const file = resolve(path)
    return { kind: 'sqlite', url, display: `sqlite:${file}`, file }
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new StoreUrlError('not a store URL (sqlite:…, postgres://… or esdb://…)')
  }
  if (parsed.password) parsed.password = '***'
  const display = parsed.toString()
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    if (parsed.hostname === '') throw new StoreUrlError(`${display} names no host`)
    return { kind: 'postgres', url, display }
  }
  if (parsed.protocol === 'esdb:' || parsed.protocol === 'esdb+discover:')
    return { kind: 'esdb', url, display }
  // Without an authority (`host:pw@db` missing its `postgres://`) a password hides in the path.
  const named = parsed.host === '' ? '' : `${display}: `
  throw new StoreUrlError(`${named}unknown kind ${parsed.protocol} (sqlite:, postgres:// or esdb://)`)
}

/** `openEsdbEventStore` of `@duban/eventstore-esdb`. */
export type EsdbStoreOpener = (options: {
  connectionString: string
  logger?: Logger
  pollIntervalMs?: number
}) => Promise<EventStore>

export interface OpenStoreOptions {
  logger?: Logger
  /** Opens `esdb://` locations; without it they are refused with a StoreUrlError. */
  openEsdb?: EsdbStoreOpener
  /** PostgreSQL: the pool's size; default the adapter's (10). */
  maxConnections?: number
  /** How often subscriptions look for appends of other processes; default the adapter's (1 s). */
  pollIntervalMs?: number
}

/**
 * Opens the store a parsed URL names: a missing SQLite file becomes a new, empty log.
 * @throws StoreUrlError for an `esdb://` location when no `openEsdb` is given
 */
export async function openStoreAt(
  location: StoreLocation,
  options: OpenStoreOptions = {},
): Promise<EventStore> {
  const { logger, maxConnections, pollIntervalMs, openEsdb } = options
  const common = { ...(logger && { logger }), ...(pollIntervalMs !== undefined && { pollIntervalMs }) }
  if (location.kind === 'sqlite') return openSqliteEventStore({ file: location.file!, ...common })
  if (location.kind === 'postgres') {
    return openPostgresEventStore({
      connectionString: location.url,
      ...common,
      ...(maxConnections !== undefined && { maxConnections }),
    })
  }
  if (!openEsdb) {
    throw new StoreUrlError(
      `${location.display}: this process has no EventStoreDB adapter (@duban/eventstore-esdb)`,
    )
  }
  return openEsdb({ connectionString: location.url, ...common })
}

/**
 * Event stores named by URL for commands that work across stores (`duban migrate`): the
 * syntax is `@duban/eventstore`'s (`parseStoreUrl`); what the CLI adds is one clear line (exit 2)
 * for a bad URL, and that a source must already exist.
 */
import { existsSync } from 'node:fs'
import {
  type EventStore,
  openStoreAt,
  parseStoreUrl,
  type StoreLocation,
  StoreUrlError,
} from '@duban/eventstore'
import { openEsdbEventStore } from '@duban/eventstore-esdb'
import { CliError } from '../cli-error'

/** @throws CliError (exit 2) naming what is wrong with the URL. */
export function storeLocation(url: string): StoreLocation {
  try {
    return parseStoreUrl(url)
  } catch (error) {
    if (error instanceof StoreUrlError) throw new CliError(`store url ${error.message}`)
    throw error
  }
}

/**
 * Opens the store. A source must already exist: a SQLite file that is not there is an error,
 * not a new empty log.
 */
export async function openStore(location: StoreLocation, role: 'source' | 'target'): Promise<EventStore> {
  if (role === 'source' && location.kind === 'sqlite' && !existsSync(location.file!)) {
    throw new CliError(`no event log at ${location.file}`)
  }
  let timer: NodeJS.Timeout | undefined
  // A server that never answers (a firewall dropping packets) would hang the command for minutes.
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${OPEN_TIMEOUT_MS / 1000} s`)),
      OPEN_TIMEOUT_MS,
    ).unref()
  })
  try {
    return await Promise.race([openStoreAt(location, { openEsdb: openEsdbEventStore }), silence])
  } catch (error) {
    throw new CliError(`cannot open ${role} ${location.display}: ${oneLine(error)}`)
  } finally {
    clearTimeout(timer)
  }
}

const OPEN_TIMEOUT_MS = 20_000

/** A driver's message, on one line; an AggregateError (every address refused) by its first cause. */
function oneLine(error: unknown): string {
  const inner = error instanceof AggregateError && error.errors[0] ? error.errors[0] : error
  const message =
    inner instanceof Error ? inner.message || (inner as NodeJS.ErrnoException).code : String(inner)
  return String(message ?? 'unknown error').split('\n')[0]!
}

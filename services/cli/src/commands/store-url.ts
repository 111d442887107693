/**
 * Event stores named by URL, for commands that work across stores (`duban migrate`):
 *   sqlite:///absolute/path/duban.sqlite · sqlite:relative/path/duban.sqlite
 *   postgres://user:password@host:5432/database (or postgresql://)
 *   esdb://host:2113?tls=false (an EventStoreDB connection string)
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { EventStore } from '@duban/eventstore'
import { openEsdbEventStore, openPostgresEventStore, openSqliteEventStore } from '@duban/eventstore'
import { CliError } from '../cli-error'

export type StoreKind = 'sqlite' | 'postgres' | 'esdb'

export interface StoreLocation {
  kind: StoreKind
  url: string
  /** The URL with any password replaced, for messages. */
  display: string
  /** The SQLite file, for sqlite URLs. */
  file?: string
}

/** @throws CliError (exit 2) naming what is wrong with the URL. */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.startsWith('sqlite://') ? url.slice('sqlite://'.length) : url.slice('sqlite:'.length)
    if (path === '') throw new CliError(`store url ${url} names no file`)
    if (url.startsWith('sqlite://') && !path.startsWith('/')) {
      throw new CliError(`store url ${url}: use sqlite:///absolute/path or sqlite:relative/path`)
    }
    const file = resolve(path)
    return { kind: 'sqlite', url, display: `sqlite:${file}`, file }
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new CliError(`store url ${url} is not a URL (sqlite:…, postgres://… or esdb://…)`)
  }
  if (parsed.password) parsed.password = '***'
  const display = parsed.toString()
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:')
    return { kind: 'postgres', url, display }
  if (parsed.protocol === 'esdb:' || parsed.protocol === 'esdb+discover:')
    return { kind: 'esdb', url, display }
  throw new CliError(
    `store url ${display}: unknown kind ${parsed.protocol} (sqlite:, postgres:// or esdb://)`,
  )
}

/**
 * Opens the store. A source must already exist: a SQLite file that is not there is an error,
 * not a new empty log.
 */
export async function openStore(location: StoreLocation, role: 'source' | 'target'): Promise<EventStore> {
  try {
    if (location.kind === 'sqlite') {
      if (role === 'source' && !existsSync(location.file!)) {
        throw new CliError(`no event log at ${location.file}`)
      }
      return openSqliteEventStore({ file: location.file! })
    }
    if (location.kind === 'postgres') return await openPostgresEventStore({ connectionString: location.url })
    return await openEsdbEventStore({ connectionString: location.url })
  } catch (error) {
    if (error instanceof CliError) throw error
    throw new CliError(`cannot open ${role} ${location.display}: ${(error as Error).message}`)
  }
}

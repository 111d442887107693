/**
 * The ledger a command works on: `--store-url`, else DUBAN_STORE_URL, else the embedded SQLite log
 * under DUBAN_DATA_DIR. On PostgreSQL the command reads the server's log directly, in pages; no
 * copy is made. A bad or unreachable store is one line and exit 2, and nothing is written.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  type AnchorStore,
  anchorFileOf,
  type EventStore,
  fileAnchorStore,
  postgresAnchorStore,
  type StoreLocation,
} from '@duban/eventstore'
import { type LedgerDeps, systemClock } from '@duban/ledger'
import {
  type Config,
  ConfigError,
  embeddedLogFile,
  LedgerClockError,
  ledgerClock,
  ledgerDeps,
  loadConfig,
} from '@duban/runtime'
import type { Command } from 'commander'
import { CliError } from './cli-error'
import { openStore, storeLocation } from './commands/store-url'

/** What a command takes to name its store; `storeUrl` is the `--store-url` flag. */
export interface StoreChoice {
  storeUrl?: string
  /** The root command's `--now`. */
  now?: string
}

/** Adds `--store-url` to a command that reads (or writes) the ledger. */
export function storeUrlOption(command: Command): Command {
  return command.option(
    '--store-url <url>',
    'the event store: postgres://user:pw@host:5432/db or sqlite:path (default DUBAN_STORE_URL, else the log under DUBAN_DATA_DIR)',
  )
}

/** The configuration from the environment; a bad value is a usage error. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message)
    throw error
  }
}

/** The ledger's clock (see @duban/runtime's ledgerClock), or `--now` when given. */
export function clockFromEnv(config: Pick<Config, 'dataDir'>, now: string | undefined) {
  try {
    return ledgerClock(config, now)
  } catch (error) {
    if (error instanceof LedgerClockError) throw new CliError(error.message)
    throw error
  }
}

export interface CliLedger {
  location: StoreLocation
  /** The data directory (DUBAN_DATA_DIR): the ledger's clock file, local read-model replicas. */
  dataDir: string
  /** Whether this is the embedded log of the data directory, the one `pnpm start` serves. */
  embedded: boolean
  store: EventStore
  ledger: LedgerDeps
  /** Where the log's anchored head is kept: a file beside a SQLite log, a table on PostgreSQL. */
  anchors: (AnchorStore & { close?(): Promise<void> }) | undefined
  close(): Promise<void>
}

/**
 * The store named by `--store-url`, DUBAN_STORE_URL or DUBAN_DATA_DIR, on the ledger's own
 * clock. It must already exist: a SQLite file that is not there is an error, not a new empty log.
 */
export async function openLedger(choice: StoreChoice = {}): Promise<CliLedger> {
  const url = choice.storeUrl ?? process.env['DUBAN_STORE_URL']
  // The store URL is read here, so a bad one is named as a store URL, not as the API's setting.
  const config = configFromEnv({ ...process.env, DUBAN_STORE_URL: undefined })
  const location = url === undefined ? config.store : storeLocation(url)
  const embedded = location.kind === 'sqlite' && location.file === embeddedLogFile(config)
  if (embedded && !existsSync(location.file!)) {
    throw new CliError(
      `no event log at ${location.file} (set DUBAN_DATA_DIR or --store-url, or run \`pnpm start\` once to create the demo ledger)`,
    )
  }
  // The ledger's clock stands beside its log (clock.json): a SQLite file's directory; a server's
  // log runs on the system clock, whatever a local data directory (a demo's) says.
  const clock =
    location.kind === 'sqlite'
      ? clockFromEnv({ dataDir: path.dirname(location.file!) }, choice.now)
      : choice.now !== undefined
        ? clockFromEnv(config, choice.now)
        : systemClock
  const store = await openStore(location, 'source')
  const anchors: CliLedger['anchors'] =
    location.kind === 'postgres'
      ? postgresAnchorStore(location.url, location.display)
      : location.file
        ? fileAnchorStore(anchorFileOf(location.file))
        : undefined
  return {
    location,
    dataDir: config.dataDir,
    embedded,
    store,
    ledger: ledgerDeps(store, clock),
    anchors,
    async close() {
      await store.close()
      await anchors?.close?.()
    },
  }
}

/**
 * Embedded mode: the event log in one SQLite file under DUBAN_DATA_DIR, accounts and drafts
 * beside it. Shared by the server entry and the CLI so both always open the same file the same way.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { businessDateOf, latestCalendar } from '@duban/calendar'
import { EMBEDDED_LOG_FILE, type EventStore, openSqliteEventStore } from '@duban/eventstore'
import { type Clock, eventCodec, type LedgerDeps, StateCache, systemClock } from '@duban/ledger'
import { ReadModels } from '@duban/read-models'
import { SqliteUserStore } from './accounts/sqlite-user-store'
import type { UserStore } from './accounts/user-store'
import type { AttachmentStore } from './attachments/attachment-store'
import { FileAttachmentStore } from './attachments/file-attachment-store'
import type { Config } from './config'
import { domainEventSchemas } from './domain-wiring'
import type { DraftStore } from './drafts/draft-store'
import { SqliteDraftStore } from './drafts/sqlite-draft-store'

/** What a Duban process runs on: the log, and the accounts and drafts kept beside it. */
export interface OpenedLedger {
  /** For /health: the store's adapter. */
  storeKind: 'sqlite' | 'postgres'
  /** Where the log is, password masked: for the start-up message. */
  display: string
  store: EventStore
  ledger: LedgerDeps
  drafts: DraftStore
  /** Evidence files of reports, by content hash. */
  attachments: AttachmentStore
  /** User accounts and sessions. */
  users: UserStore
  close(): Promise<void>
}

export interface EmbeddedLedger extends OpenedLedger {
  file: string
}

export function embeddedLogFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, EMBEDDED_LOG_FILE)
}

export const ledgerDeps = (store: EventStore, clock: Clock): LedgerDeps => ({
  store,
  clock,
  codec: eventCodec(domainEventSchemas),
  states: new StateCache(),
})

/** The log in `file` (default `duban.sqlite` in the data dir); `drafts.sqlite` and `users.sqlite` in the data dir. */
export function openEmbeddedLedger(
  config: Pick<Config, 'dataDir'>,
  clock: Clock = systemClock,
  file: string = embeddedLogFile(config),
): EmbeddedLedger {
  mkdirSync(config.dataDir, { recursive: true })
  const store = openSqliteEventStore({ file })
  const drafts = new SqliteDraftStore(path.join(config.dataDir, 'drafts.sqlite'))
  const users = new SqliteUserStore(path.join(config.dataDir, 'users.sqlite'))
  const attachments = new FileAttachmentStore(path.join(config.dataDir, 'attachments'))
  return {
    storeKind: 'sqlite',
    display: `sqlite:${file}`,
    file,
    store,
    drafts,
    users,
    attachments,
    ledger: ledgerDeps(store, clock),
    close: async () => {
      await store.close()
      await drafts.close()
      await users.close()
    },
  }
}

/**
 * The read models in `readmodels.sqlite` in the data dir, whatever the store: the caller starts
 * them (catch up, then follow appends) and closes them before the store.
 */
export function openEmbeddedReadModels(
  config: Pick<Config, 'dataDir'>,
  store: EventStore,
  clock: Clock = systemClock,
  options: { batchSize?: number } = {},
): ReadModels {
  return new ReadModels({
    file: readModelFile(config),
    store,
    workingDays: latestCalendar(),
    today: () => businessDateOf(clock.now()),
    ...options,
  })
}

export const readModelFile = (config: Pick<Config, 'dataDir'>) =>
  path.join(config.dataDir, 'readmodels.sqlite')

/**
 * Embedded mode: the event log in one SQLite file under DUBAN_DATA_DIR. Shared by the server
 * entry and the CLI so both always open the same file the same way.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { latestCalendar } from '@duban/calendar'
import { businessDateOf } from '@duban/domain'
import { type EventStore, openSqliteEventStore } from '@duban/eventstore'
import { type Clock, eventCodec, type LedgerDeps, StateCache, systemClock } from '@duban/ledger'
import { ReadModels } from '@duban/read-models'
import { UserStore } from './auth/user-store'
import type { Config } from './config'
import { domainEventSchemas } from './domain-wiring'
import { DraftStore } from './drafts/draft-store'

export interface EmbeddedLedger {
  file: string
  store: EventStore
  ledger: LedgerDeps
  drafts: DraftStore
  /** User accounts and sessions (users.sqlite). */
  users: UserStore
  close(): Promise<void>
}

export function embeddedLogFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'duban.sqlite')
}

export function openEmbeddedLedger(
  config: Pick<Config, 'dataDir'>,
  clock: Clock = systemClock,
): EmbeddedLedger {
  mkdirSync(config.dataDir, { recursive: true })
  const file = embeddedLogFile(config)
  const store = openSqliteEventStore({ file })
  const drafts = new DraftStore(path.join(config.dataDir, 'drafts.sqlite'))
  const users = new UserStore(path.join(config.dataDir, 'users.sqlite'))
  return {
    file,
    store,
    drafts,
    users,
    ledger: { store, clock, codec: eventCodec(domainEventSchemas), states: new StateCache() },
    close: async () => {
      await store.close()
      drafts.close()
      users.close()
    },
  }
}

/**
 * The read models in `readmodels.sqlite` beside the log: the caller starts them (catch up, then
 * follow appends) and closes them before the store.
 */
export function openEmbeddedReadModels(
  config: Pick<Config, 'dataDir'>,
  store: EventStore,
  clock: Clock = systemClock,
): ReadModels {
  return new ReadModels({
    file: path.join(config.dataDir, 'readmodels.sqlite'),
    store,
    workingDays: latestCalendar(),
    today: () => businessDateOf(clock.now()),
  })
}

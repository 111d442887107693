/** The API's ledger where the configuration puts it: embedded SQLite files or a PostgreSQL server. */
import type { Clock } from '@duban/ledger'
import type { Logger } from 'pino'
import type { Config } from './config'
import { type OpenedLedger, openEmbeddedLedger } from './embedded'
import { openPostgresLedger } from './postgres/postgres-ledger'

export async function openLedgerAt(
  config: Pick<Config, 'dataDir' | 'store'>,
  clock: Clock,
  logger?: Logger,
): Promise<OpenedLedger> {
  if (config.store.kind === 'postgres') return openPostgresLedger(config.store, clock, logger)
  return openEmbeddedLedger(config, clock, config.store.file)
}

/**
 * Scaled mode: the log, the accounts and the drafts in one PostgreSQL database, so the API
 * process itself keeps nothing another process needs (its read models are a local, disposable
 * replica: `read-model-replica.ts`). Any number of API processes may run on one database.
 */
import { openStoreAt, type StoreLocation } from '@duban/eventstore'
import type { Clock } from '@duban/ledger'
import pg from 'pg'
import type { Logger } from 'pino'
import { PostgresUserStore } from '../accounts/postgres-user-store'
import { PostgresAttachmentStore } from '../attachments/postgres-attachment-store'
import { PostgresDraftStore } from '../drafts/postgres-draft-store'
import { ledgerDeps, type OpenedLedger } from '../embedded'

export async function openPostgresLedger(
  location: StoreLocation,
  clock: Clock,
  logger?: Logger,
): Promise<OpenedLedger> {
  const store = await openStoreAt(location, { maxConnections: 8, ...(logger && { logger }) })
  const pool = new pg.Pool({ connectionString: location.url, max: 4, application_name: 'duban-api' })
  // An idle connection the server drops must not end the process; the next query reconnects.
  pool.on('error', (error) => logger?.warn({ err: error }, 'accounts and drafts: idle connection lost'))
  try {
    const [users, drafts, attachments] = await Promise.all([
      PostgresUserStore.open(pool),
      PostgresDraftStore.open(pool),
      PostgresAttachmentStore.open(pool),
    ])
    return {
      storeKind: 'postgres',
      display: location.display,
      store,
      users,
      drafts,
      attachments,
      ledger: ledgerDeps(store, clock),
      close: async () => {
        await store.close()
        await pool.end()
      },
    }
  } catch (error) {
    await pool.end()
    await store.close()
    throw error
  }
}

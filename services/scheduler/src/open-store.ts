/** The event store a scheduler process works on, by its parsed URL. */
import {
  type EventStore,
  openEsdbEventStore,
  openPostgresEventStore,
  openSqliteEventStore,
} from '@duban/eventstore'
import type { Logger } from 'pino'
import type { StoreLocation } from './config'

export async function openStoreAt(location: StoreLocation, logger: Logger): Promise<EventStore> {
  if (location.kind === 'sqlite') return openSqliteEventStore({ file: location.file!, logger })
  if (location.kind === 'postgres')
    return openPostgresEventStore({ connectionString: location.url, maxConnections: 8, logger })
  return openEsdbEventStore({ connectionString: location.url, logger })
}

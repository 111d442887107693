import type { EventStore } from '../contract'
import type { EsdbEventStoreOptions } from './esdb-store'

export type { EsdbEventStoreOptions }

/**
 * Opens the EventStoreDB store. The gRPC client is loaded only here: importing it costs every
 * process that uses `@duban/eventstore` over 100 ms, and most never talk to EventStoreDB.
 */
export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EventStore> {
  const { openEsdbEventStore: open } = await import('./esdb-store')
  return open(options)
}

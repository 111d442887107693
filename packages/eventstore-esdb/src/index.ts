import type { EventStore } from '@duban/eventstore'
import type { EsdbEventStoreOptions } from './esdb-store'

export type { EsdbEventStoreOptions }

/**
 * Opens the store on EventStoreDB. The gRPC client is loaded only here, on the first call: importing
 * it is slow, and a process that imports this package may never talk to EventStoreDB (the scheduler
 * and `duban migrate` pass this function to `openStoreAt` for `esdb://` URLs).
 */
export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EventStore> {
  const { openEsdbEventStore: open } = await import('./esdb-store')
  return open(options)
}

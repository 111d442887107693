import type { EventStore } from '@duban/eventstore'
import { simulate } from '@duban/simulation'

/** The two example plans run through the real scheduler and deciders, 2022-10 to `to`. */
export async function simulatedLog(to: string, store?: EventStore): Promise<EventStore> {
  const simulation = await simulate({ from: '2022-10-08', to, seed: 2022, ...(store ? { store } : {}) })
  return simulation.store
}

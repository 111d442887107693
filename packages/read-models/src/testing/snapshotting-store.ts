import { shanghaiDate } from '@duban/calendar'
import { type EventStore, openMemoryEventStore } from '@duban/eventstore'

/**
 * An in-memory store that, when the first event of a new Asia/Shanghai day is appended, waits
 * for every append in flight and calls `endOfDay(previous day)` before writing it: the moment
 * to take the live system's views "as they stood at the end of that day".
 */
export function snapshottingStore(endOfDay: (day: string) => Promise<void>): EventStore {
  const store = openMemoryEventStore()
  let day: string | undefined
  let gate: Promise<void> = Promise.resolve()
  const inFlight = new Set<Promise<unknown>>()
  return {
    ...store,
    async append(streamId, events, options) {
      const next = events[0] ? shanghaiDate(events[0].metadata.recordedAt) : undefined
      if (next !== undefined && day !== undefined && next > day) {
        const ended = day
        day = next
        const pending = [...inFlight]
        gate = gate.then(async () => {
          await Promise.allSettled(pending)
          await endOfDay(ended)
        })
      } else if (day === undefined) day = next
      await gate
      const append = store.append(streamId, events, options)
      inFlight.add(append)
      try {
        return await append
      } finally {
        inFlight.delete(append)
      }
    },
  }
}

/**
 * Copies a log (a simulation's in-memory one) into another store, appends in log order with
 * their event ids, each command's events as one append with its exact expected version. The
 * appends of a batch are requested in one turn, so a SQLite store commits them together: one
 * fsync per batch instead of one per command.
 */
import type { EventStore, NewEvent, RecordedEvent } from '@duban/eventstore'

export interface CopyProgress {
  events: number
  head: number
}

export async function copyLog(
  source: EventStore,
  target: EventStore,
  options: { batchSize?: number; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<number> {
  const head = await source.headPosition()
  const batchSize = options.batchSize ?? 5000
  let pending: RecordedEvent[] = []
  let copied = 0
  for (let after = 0; ; ) {
    const batch = await source.readAll({ after, limit: batchSize })
    const done = batch.length === 0
    pending.push(...batch)
    after = batch.at(-1)?.position ?? after
    // A command's events may straddle two batches: hold the last group back until the next one.
    const groups = appendsOf(pending)
    const ready = done ? groups : groups.slice(0, -1)
    pending = done ? [] : (groups.at(-1) ?? [])
    await Promise.all(
      ready.map((events) => target.append(events[0]!.streamId, events.map(toNew), expected(events))),
    )
    copied += ready.reduce((sum, events) => sum + events.length, 0)
    options.onProgress?.({ events: copied, head })
    if (done) return copied
  }
}

function appendsOf(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const groups: RecordedEvent[][] = []
  for (const event of events) {
    const last = groups.at(-1)
    const first = last?.[0]
    if (first && first.streamId === event.streamId && first.metadata.commandId === event.metadata.commandId) {
      last.push(event)
    } else groups.push([event])
  }
  return groups
}

const expected = (events: RecordedEvent[]) => {
  const version = events[0]!.streamVersion - 1
  return { expectedVersion: version === 0 ? ('no_stream' as const) : version }
}

const toNew = (event: RecordedEvent): NewEvent => ({
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  metadata: event.metadata,
})

import type { EventStore, NewEvent } from '@duban/eventstore'

/** Event types of the synthetic log: generic, so the runner's tests import no domain code. */
export const syntheticTypes = ['ItemOpened', 'ItemReported', 'ItemReviewed', 'ItemReminded'] as const

export interface SyntheticLogOptions {
  /** Number of streams the events spread over; default 50. */
  streams?: number
  /** Recording time of the first event; default 2022-09-20T00:00:00Z. */
  start?: string
  /** Minutes between consecutive events' recording times; default 37, so days turn often. */
  stepMinutes?: number
  /** Index of the first event, to extend a log already seeded; default 0. */
  from?: number
}

export interface SyntheticAppend {
  streamId: string
  event: NewEvent
}

/** A deterministic stream of events: the same options always give the same log. */
export function* syntheticLog(count: number, options: SyntheticLogOptions = {}): Generator<SyntheticAppend> {
  const streams = options.streams ?? 50
  const start = Date.parse(options.start ?? '2022-09-20T00:00:00Z')
  const step = (options.stepMinutes ?? 37) * 60_000
  const from = options.from ?? 0
  for (let index = from; index < from + count; index++) {
    // A multiplicative hash spreads consecutive indexes over streams and types without a PRNG.
    const mixed = Math.imul(index + 1, 2654435761) >>> 0
    const recordedAt = new Date(start + index * step).toISOString()
    yield {
      streamId: `item-${mixed % streams}`,
      event: {
        type: syntheticTypes[(mixed >>> 8) % syntheticTypes.length]!,
        schemaVersion: 1,
        data: { index, amount: mixed % 1000 },
        metadata: {
          actor: 'bench',
          unit: null,
          commandId: `synthetic-${index}`,
          correlationId: `synthetic-${index}`,
          causationId: `synthetic-${index}`,
          recordedAt,
        },
      },
    }
  }
}

/**
 * Appends the synthetic log through the store's group commit: `perCommit` single-event appends
 * are issued in one event-loop turn, so the store writes them in one transaction.
 */
export async function seedStore(
  store: Pick<EventStore, 'append'>,
  count: number,
  options: SyntheticLogOptions & { perCommit?: number } = {},
): Promise<void> {
  const perCommit = options.perCommit ?? 1000
  let pending: Promise<unknown>[] = []
  for (const { streamId, event } of syntheticLog(count, options)) {
    pending.push(store.append(streamId, [event], { expectedVersion: 'any' }))
    if (pending.length === perCommit) {
      await Promise.all(pending)
      pending = []
    }
  }
  await Promise.all(pending)
}

/**
 * An in-memory event store: the whole contract — expected versions, command-id idempotency, the
 * hash chain, subscriptions — with no durability. For simulations and tests that replay years of
 * a plan in seconds; the log can then be copied into a durable store in one bulk append.
 */
import { type PreparedAppend, prepareAppend } from '../append-validation'
import type { AppendResult, EventMetadata, EventStore, RecordedEvent, StoredEvent } from '../contract'
import { InvalidAppendError, WrongExpectedVersionError } from '../errors'
import { chainHash, GENESIS_HASH } from '../hash-chain'
import { type SubscriptionSource, startCatchUpSubscription } from '../subscription'

interface Entry {
  stored: StoredEvent
  recorded: RecordedEvent
}

export function openMemoryEventStore(): EventStore {
  /** The log; an event's position is its index + 1. */
  const log: Entry[] = []
  const streams = new Map<string, Entry[]>()
  const commands = new Map<string, { streamId: string; first: number; count: number }>()
  const eventIds = new Set<string>()
  const checkpoints = new Map<string, number>()
  const listeners = new Set<() => void>()
  let closed = false

  function assertOpen(): void {
    if (closed) throw new Error('the in-memory event store is closed')
  }

  function write(append: PreparedAppend): AppendResult {
    const earlier = commands.get(append.commandId)
    if (earlier) {
      if (earlier.streamId !== append.streamId) {
        throw new InvalidAppendError(
          `command ${append.commandId} was already appended to stream ${earlier.streamId}, not ${append.streamId}`,
        )
      }
      const events = log.slice(earlier.first - 1, earlier.first - 1 + earlier.count).map((e) => e.recorded)
      return { streamId: append.streamId, nextVersion: events.at(-1)!.streamVersion, events, duplicate: true }
    }
    const stream = streams.get(append.streamId) ?? []
    const current = stream.length
    const expected = append.expectedVersion
    const matches = expected === 'any' || (expected === 'no_stream' ? current === 0 : expected === current)
    if (!matches) throw new WrongExpectedVersionError(append.streamId, expected, current)
    if (append.events.some((event) => eventIds.has(event.eventId))) {
      throw new InvalidAppendError('an event id of this append is already in the log')
    }

    let prevHash = log.at(-1)?.stored.hash ?? GENESIS_HASH
    const first = log.length + 1
    let metadata: { json: string; value: EventMetadata } | undefined
    const events = append.events.map((event, index): RecordedEvent => {
      const streamVersion = current + index + 1
      const position = first + index
      const fields = { ...event, streamId: append.streamId, streamVersion }
      const hash = chainHash(prevHash, fields)
      if (metadata?.json !== event.metadataJson) {
        metadata = { json: event.metadataJson, value: JSON.parse(event.metadataJson) as EventMetadata }
      }
      // Decoded from the serialised text, as a durable store would return it: no shared references.
      const recorded: RecordedEvent = {
        eventId: event.eventId,
        streamId: append.streamId,
        streamVersion,
        position,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: JSON.parse(event.dataJson),
        metadata: metadata.value,
        prevHash,
        hash,
      }
      const entry = { stored: { ...fields, position, prevHash, hash }, recorded }
      log.push(entry)
      stream.push(entry)
      eventIds.add(event.eventId)
      prevHash = hash
      return recorded
    })
    streams.set(append.streamId, stream)
    commands.set(append.commandId, { streamId: append.streamId, first, count: events.length })
    return { streamId: append.streamId, nextVersion: current + events.length, events, duplicate: false }
  }

  const readAll = async ({ after, limit }: { after: number; limit: number }) =>
    log.slice(Math.max(0, after), Math.max(0, after) + limit).map((entry) => entry.recorded)

  const source: SubscriptionSource = {
    readAll,
    loadCheckpoint: async (name) => checkpoints.get(name) ?? 0,
    saveCheckpoint: async (name, position) => {
      checkpoints.set(name, position)
    },
    onAppended(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    // Every append is made through this object: notifications see them all, polling is a fallback.
    pollIntervalMs: 1000,
  }
  const subscriptions = new Set<ReturnType<typeof startCatchUpSubscription>>()

  return {
    async append(streamId, events, options) {
      assertOpen()
      const result = write(prepareAppend(streamId, events, options))
      if (!result.duplicate) for (const listener of listeners) listener()
      return result
    },
    async readStream(streamId, { afterVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) {
      assertOpen()
      const stream = streams.get(streamId) ?? []
      return stream.slice(afterVersion, Math.min(toVersion, stream.length)).map((entry) => entry.recorded)
    },
    async readAll(options) {
      assertOpen()
      return readAll(options)
    },
    async readAllStored({ after, limit }) {
      assertOpen()
      return log.slice(Math.max(0, after), Math.max(0, after) + limit).map((entry) => entry.stored)
    },
    async headPosition() {
      assertOpen()
      return log.length
    },
    subscribe(options) {
      assertOpen()
      const subscription = startCatchUpSubscription(source, options)
      subscriptions.add(subscription)
      void subscription.done.catch(() => undefined).finally(() => subscriptions.delete(subscription))
      return subscription
    },
    async loadCheckpoint(name) {
      assertOpen()
      return checkpoints.get(name) ?? 0
    },
    async saveCheckpoint(name, position) {
      assertOpen()
      checkpoints.set(name, position)
    },
    async close() {
      if (closed) return
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()))
      closed = true
    },
  }
}

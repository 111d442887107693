import {
  type AppendResult,
  chainHash,
  type EventStore,
  GENESIS_HASH,
  type PreparedAppend,
  prepareAppend,
  type RecordedEvent,
  type StoredEvent,
  type Subscription,
  type SubscriptionSource,
  startCatchUpSubscription,
  WrongExpectedVersionError,
} from '@duban/eventstore'
import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  ANY,
  BACKWARDS,
  END,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  type ReadPosition,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client'
import type { Logger } from 'pino'
import { envelopeOf, toRecordedEvent, toStoredEvent } from './envelope'

export interface EsdbEventStoreOptions {
  /** An EventStoreDB connection string: `esdb://host:2113?tls=false`, or a cluster's. */
  connectionString: string
  logger?: Logger
  /** How often subscriptions read without a live notification; default 1000 ms. */
  pollIntervalMs?: number
}

const CHECKPOINT_STREAM_PREFIX = 'duban-checkpoint-'
const PAGE = 500

/**
 * The event store on EventStoreDB (≥ 22.10, which gives `$all` positions on stream reads).
 * Streams and expected revisions are the server's; the log is `$all` without system events
 * and without anything that is not a Duban event. Checkpoints are streams of their own.
 *
 * The global hash chain needs the previous event's hash at append time, and EventStoreDB has
 * no lock spanning streams: this store serialises its own appends and keeps the head hash, so
 * the chain holds while it is the only writer. A second writing process would fork the chain
 * and `verifyLog` would name the first event after the fork (see the README).
 */
export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(options.connectionString)
  const listeners = new Set<() => void>()
  const subscriptions = new Set<Subscription>()
  let live: AllStreamSubscription | undefined
  let tail: Promise<unknown> = Promise.resolve()
  // The hash of the last Duban event in $all; undefined when unknown (at start, after an error).
  let headHash: string | undefined
  let closed = false

  function assertOpen(): void {
    if (closed) throw new Error('event store is closed')
  }

  /** One page of $all forwards from a position (inclusive), or backwards from the end. */
  async function page(from: ReadPosition, direction: typeof FORWARDS | typeof BACKWARDS) {
    const resolved: AllStreamResolvedEvent[] = []
    for await (const event of client.readAll({ fromPosition: from, direction, maxCount: PAGE })) {
      resolved.push(event)
    }
    return resolved
  }

  /** The last Duban event of the log, walking back over checkpoints and system events. */
  async function lastStored(): Promise<StoredEvent | undefined> {
    let from: ReadPosition = END
    for (;;) {
      const events = await page(from, BACKWARDS)
      for (const resolved of events) {
        const stored = toStoredEvent(resolved)
        if (stored) return stored
      }
      const last = events.at(-1)?.event?.position
      if (events.length < PAGE || !last) return undefined
      // Backwards reads start at (and include) the position given.
      from = last
    }
  }

  /**
   * Where to start reading after `after`. A position EventStoreDB did not hand out (say, one
   * less than an event's) may be refused; then the start is found walking back from the end.
   */
  async function startAfter(after: number): Promise<ReadPosition> {
    if (after === 0) return START
    const position = { commit: BigInt(after), prepare: BigInt(after) }
    try {
      await page(position, FORWARDS)
      return position
    } catch {
      let from: ReadPosition = END
      for (;;) {
        const events = await page(from, BACKWARDS)
        const before = events.find((event) => event.event && Number(event.event.position.commit) <= after)
        if (before?.event) return before.event.position
        const last = events.at(-1)?.event?.position
        if (events.length < PAGE || !last) return START
        from = last
      }
    }
  }

  async function readAllStored(after: number, limit: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = []
    let floor = after
    let from = await startAfter(after)
    for (;;) {
      const events = await page(from, FORWARDS)
      for (const resolved of events) {
        const stored = toStoredEvent(resolved)
        if (stored && stored.position > floor) {
          out.push(stored)
          if (out.length === limit) return out
        }
      }
      const last = events.at(-1)?.event?.position
      if (events.length < PAGE || !last) return out
      floor = Math.max(floor, Number(last.commit))
      from = last
    }
  }

  async function readStreamStored(
    streamId: string,
    afterVersion: number,
    count: number,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = []
    try {
      const read = client.readStream(streamId, {
        fromRevision: BigInt(afterVersion),
        maxCount: BigInt(count),
      })
      for await (const resolved of read) {
        const stored = toStoredEvent(resolved)
        if (stored) events.push(toRecordedEvent(stored))
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return []
      throw error
    }
    return events
  }

  /** The events a command already wrote, found where its expected version puts them. */
  async function firstAppendOf(append: PreparedAppend): Promise<RecordedEvent[] | undefined> {
    const firstId = append.events[0]!.eventId
    const count = append.events.length
    if (append.expectedVersion !== 'any') {
      const from = append.expectedVersion === 'no_stream' ? 0 : append.expectedVersion
      const events = await readStreamStored(append.streamId, from, count)
      return events[0]?.eventId === firstId ? events : undefined
    }
    const events = await readStreamStored(append.streamId, 0, Number.MAX_SAFE_INTEGER)
    const at = events.findIndex((event) => event.eventId === firstId)
    return at === -1 ? undefined : events.slice(at, at + count)
  }

  async function currentVersion(streamId: string): Promise<number> {
    try {
      for await (const resolved of client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        return Number(resolved.event?.revision ?? -1n) + 1
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error
    }
    return 0
  }

  async function write(append: PreparedAppend): Promise<AppendResult> {
    const first = await firstAppendOf(append)
    if (first) {
      return {
        streamId: append.streamId,
        nextVersion: first.at(-1)!.streamVersion,
        events: first,
        duplicate: true,
      }
    }
    // The hash covers stream versions, so they must be known before the write: 'any' is
    // pinned to the version just read (this store is the only writer, so it stays).
    const from =
      append.expectedVersion === 'any'
        ? await currentVersion(append.streamId)
        : append.expectedVersion === 'no_stream'
          ? 0
          : append.expectedVersion
    headHash ??= (await lastStored())?.hash ?? GENESIS_HASH
    let prevHash = headHash
    const events = append.events.map((event, index) => {
      const fields = { ...event, streamId: append.streamId, streamVersion: from + index + 1 }
      const hash = chainHash(prevHash, fields)
      const envelope = envelopeOf(event, prevHash, hash)
      prevHash = hash
      return jsonEvent({
        id: event.eventId,
        type: event.type,
        data: JSON.parse(event.dataJson),
        metadata: envelope,
      })
    })
    try {
      await client.appendToStream(append.streamId, events, {
        expectedRevision: from === 0 ? NO_STREAM : BigInt(from - 1),
      })
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? 0 : Number(error.actualVersion) + 1
        throw new WrongExpectedVersionError(append.streamId, append.expectedVersion, actual)
      }
      headHash = undefined
      throw error
    }
    headHash = prevHash
    for (const listener of listeners) listener()
    // Read back for the positions EventStoreDB gave each event.
    const written = await readStreamStored(append.streamId, from, append.events.length)
    return {
      streamId: append.streamId,
      nextVersion: from + append.events.length,
      events: written,
      duplicate: false,
    }
  }

  const source: SubscriptionSource = {
    readAll: async ({ after, limit }) => (await readAllStored(after, limit)).map(toRecordedEvent),
    loadCheckpoint: (name) => store.loadCheckpoint(name),
    saveCheckpoint: (name, position) => store.saveCheckpoint(name, position),
    onAppended(listener) {
      if (!live) {
        live = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() })
        live.on('data', () => {
          for (const notify of listeners) notify()
        })
        live.on('error', (error) =>
          options.logger?.warn({ err: error }, 'event store: $all subscription lost; polling'),
        )
      }
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    ...(options.logger && { logger: options.logger }),
  }

  const store: EventStore = {
    append(streamId, events, appendOptions) {
      assertOpen()
      const prepared = prepareAppend(streamId, events, appendOptions)
      // One append at a time: the chain's previous hash must be the one just written.
      const result = tail.then(() => write(prepared))
      tail = result.catch(() => undefined)
      return result
    },
    async readStream(streamId, { afterVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = {}) {
      assertOpen()
      return readStreamStored(streamId, afterVersion, Math.max(0, toVersion - afterVersion))
    },
    async readAll({ after, limit }) {
      assertOpen()
      return (await readAllStored(after, limit)).map(toRecordedEvent)
    },
    async readAllStored({ after, limit }) {
      assertOpen()
      return readAllStored(after, limit)
    },
    async headPosition() {
      assertOpen()
      return (await lastStored())?.position ?? 0
    },
    subscribe(subscribeOptions) {
      assertOpen()
      const subscription = startCatchUpSubscription(source, subscribeOptions)
      subscriptions.add(subscription)
      void subscription.done.catch(() => undefined).finally(() => subscriptions.delete(subscription))
      return subscription
    },
    async loadCheckpoint(name) {
      assertOpen()
      try {
        const read = client.readStream<{ type: 'Checkpoint'; data: { position: number } }>(
          `${CHECKPOINT_STREAM_PREFIX}${name}`,
          { direction: BACKWARDS, fromRevision: END, maxCount: 1 },
        )
        for await (const resolved of read) return resolved.event?.data.position ?? 0
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error
      }
      return 0
    },
    async saveCheckpoint(name, position) {
      assertOpen()
      const stream = `${CHECKPOINT_STREAM_PREFIX}${name}`
      const result = await client.appendToStream(
        stream,
        jsonEvent({ type: 'Checkpoint', data: { position } }),
        {
          expectedRevision: ANY,
        },
      )
      // Only the last checkpoint matters: let the server scavenge the rest.
      if (result.nextExpectedRevision === 0n) await client.setStreamMetadata(stream, { maxCount: 1 })
    },
    async close() {
      if (closed) return
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()))
      await tail
      closed = true
      await live?.unsubscribe()
      await client.dispose()
    },
  }
  return store
}

/**
 * The event-store contract. Every adapter (SQLite, PostgreSQL, EventStoreDB) implements
 * `EventStore` and passes the shared contract suite in `contract-suite.ts` unchanged.
 *
 * Vocabulary:
 * - A *stream* is the ordered history of one aggregate (a plan, a task, a task × unit assignment).
 *   Its *version* is the number of events it holds: 0 for a stream that does not exist yet,
 *   1 after its first event. The version is the ETag of the HTTP API.
 * - The *log* is every event of every stream in one global order. An event's *position* in it is
 *   a positive integer that only grows; positions need not be dense (PostgreSQL sequences skip).
 * - Each event carries `prevHash`, the hash of the event before it in the log, and its own `hash`:
 *   a chain that `verify` walks to find any altered, removed or reordered event.
 */
import { z } from 'zod'
import type { HashedFields } from './hash-chain'

/** Who did it, why, and when: travels with every event. */
export const EventMetadata = z.strictObject({
  /** The user (or system actor such as `system:scheduler`) who issued the command. */
  actor: z.string().min(1).max(128),
  /** The unit the actor acted for (unit id from the directory), or null for system actors. */
  unit: z.string().min(1).max(64).nullable(),
  /** The command that caused this event; the idempotency key of the append. */
  commandId: z.string().min(1).max(128),
  /** Ties together everything that one user action set off. */
  correlationId: z.string().min(1).max(128),
  /** The event or command that directly caused this one. */
  causationId: z.string().min(1).max(128),
  /** System time of recording, ISO-8601 in UTC (`...Z`). From the injected clock. */
  recordedAt: z.iso.datetime({ offset: false }),
  /**
   * The business date the event speaks of (Asia/Shanghai calendar date), where it differs from
   * the recording date: a late-recorded reminder, a 2023 actual corrected in 2024.
   */
  businessDate: z.iso.date().optional(),
})
export type EventMetadata = z.infer<typeof EventMetadata>

/** An event as a caller hands it to `append`. */
export interface NewEvent {
  type: string
  /** Version of this event type's schema the data conforms to. */
  schemaVersion: number
  data: unknown
  metadata: EventMetadata
  /** Set by migrations that copy a log verbatim; otherwise derived from the command id. */
  eventId?: string
}

/** An event as the store hands it back. */
export interface RecordedEvent {
  eventId: string
  streamId: string
  /** 1-based index of this event in its stream. */
  streamVersion: number
  /** Position in the global log. */
  position: number
  type: string
  schemaVersion: number
  data: unknown
  metadata: EventMetadata
  /** Hash of the previous event in the log (`GENESIS_HASH` for the first). */
  prevHash: string
  hash: string
}

/**
 * What the caller expects the stream's version to be before the append:
 * - `'no_stream'`: the stream must not exist yet;
 * - `'any'`: no check;
 * - a number ≥ 1: the stream must be at exactly that version.
 */
export type ExpectedVersion = 'no_stream' | 'any' | number

export interface AppendOptions {
  expectedVersion: ExpectedVersion
}

export interface AppendResult {
  streamId: string
  /** The stream's version after the append. */
  nextVersion: number
  /** The events this append wrote (the first time, for a retried command). */
  events: RecordedEvent[]
  /**
   * True when the command id had been appended before: nothing new was written and
   * `events` / `nextVersion` are those of the first append.
   */
  duplicate: boolean
}

/**
 * An event exactly as stored, its JSON left as text: what `verifyLog` rehashes, since the hash
 * covers the stored text and not a re-serialisation of the decoded value.
 */
export interface StoredEvent extends HashedFields {
  position: number
  prevHash: string
  hash: string
}

export interface ReadAllOptions {
  /** Read events strictly after this position; 0 reads from the start. */
  after: number
  /** At most this many events. */
  limit: number
}

export interface ReadStreamOptions {
  /** Read events with a stream version strictly greater than this; default 0. */
  afterVersion?: number
  /** Read no event with a stream version greater than this. */
  toVersion?: number
}

export interface SubscribeOptions {
  /**
   * Name of a checkpoint kept by the store: the subscription starts after it and saves it after
   * every handled batch. Consumers that keep their checkpoint in their own transaction (the
   * projections) pass `after` instead and leave this unset.
   */
  checkpoint?: string
  /** Start after this position, when no named checkpoint is used; default 0. */
  after?: number
  batchSize?: number
  /** Called with each batch in log order; the next batch waits for the returned promise. */
  handle: (batch: RecordedEvent[]) => Promise<void> | void
  /** Called each time the subscription has read everything there was to read. */
  onCaughtUp?: (position: number) => void
  /**
   * After a commit notification, wait this many ms before reading, so the commits made meanwhile
   * are read and handled as one batch (one read-model transaction instead of one per commit).
   * A reader that must see every commit so far asks `current()`, which reads at once. Default 0:
   * read at the notification.
   */
  coalesceMs?: number
}

export interface Subscription {
  /** Stops reading after the batch in hand; resolves once the subscription has stopped. */
  stop(): Promise<void>
  /** Settles when the subscription ends: resolves on stop, rejects if a handler threw. */
  readonly done: Promise<void>
  /**
   * Resolves once every commit announced to it so far has been handled (reading at once a read
   * put off by `coalesceMs`). Optional: a subscription that reads at each notification has no
   * read put off.
   */
  current?(): Promise<void>
}

export interface EventStore {
  /**
   * Appends events to one stream atomically, after checking the expected version.
   * The first event's `metadata.commandId` is the idempotency key: appending a command id that
   * is already in the store writes nothing and returns the first append's result.
   * @throws WrongExpectedVersionError when the stream's version is not the one expected.
   */
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>

  /** The stream's events in order; an empty array for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>

  /** One batch of the global log, in order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>

  /** Like `readAll`, with each event's JSON as the stored text (for `verifyLog`). */
  readAllStored(options: ReadAllOptions): Promise<StoredEvent[]>

  /** The position of the last event in the log; 0 for an empty log. */
  headPosition(): Promise<number>

  /**
   * A catch-up subscription: reads the log from a position in batches, then follows new
   * appends as they arrive, until stopped.
   */
  subscribe(options: SubscribeOptions): Subscription

  /** The named checkpoint's position, 0 when it was never saved. */
  loadCheckpoint(name: string): Promise<number>
  saveCheckpoint(name: string, position: number): Promise<void>

  /** Waits for pending appends to commit, then releases the store's resources. */
  close(): Promise<void>
}

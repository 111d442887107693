import type { Logger } from 'pino'
import { prepareAppend } from '../append-validation'
import type { EventStore, ReadStreamOptions, Subscription } from '../contract'
import { type SubscriptionSource, startCatchUpSubscription } from '../subscription'
import { Checkpointer } from './checkpointer'
import { openDurableDatabase } from './database'
import { GroupCommit } from './group-commit'
import { OtherWriters } from './other-writers'
import { prepareStatements, toRecordedEvent, toStoredEvent } from './statements'
import { type SyncFile, WalSync } from './wal-sync'

export interface SqliteEventStoreOptions {
  /** Path of the database file, created if missing. */
  file: string
  logger?: Logger
  /** How often subscriptions look for appends made by other processes; default 1000 ms. */
  pollIntervalMs?: number
  /** Flushes the WAL after a commit; default `fs.fdatasync`. Tests hold it to see what happens meanwhile. */
  syncWal?: SyncFile
  /** How often the checkpoint thread looks for new commits; default 50 ms. */
  checkpointIntervalMs?: number
}

/** Streams whose version a store remembers (about 100 bytes each); past it, it starts afresh. */
const MAX_KNOWN_STREAMS = 100_000

/** The embedded event store: one SQLite file, group-committed appends, one global hash chain. */
export function openSqliteEventStore(options: SqliteEventStoreOptions): EventStore {
  const db = openDurableDatabase(options.file)
  const statements = prepareStatements(db)
  const listeners = new Set<() => void>()
  const subscriptions = new Set<Subscription>()
  const walSync = new WalSync(db, `${options.file}-wal`, options.syncWal)
  const checkpointer = new Checkpointer(db, options.file, {
    ...(options.checkpointIntervalMs !== undefined && { intervalMs: options.checkpointIntervalMs }),
    onFailure: (error) =>
      options.logger?.warn(
        { err: error },
        'the checkpoint thread failed; the writer checkpoints the WAL itself',
      ),
  })
  // An upper bound of each stream's version, as this connection last read or wrote it: a read
  // after it finds nothing, so a command's reads of streams it just wrote (the state cache holds
  // their folded state) need no query. Valid until another connection commits.
  const knownVersions = new Map<string, number>()
  const otherWriters = new OtherWriters(db, { oncePerTurn: true })
  const knownVersion = (streamId: string) => {
    if (otherWriters.committedSinceLastLook() || knownVersions.size > MAX_KNOWN_STREAMS) knownVersions.clear()
    return knownVersions.get(streamId)
  }
  const writer = new GroupCommit(
    db,
    statements,
    () => {
      checkpointer.committed()
      for (const listener of listeners) listener()
    },
    options.logger,
    walSync,
    (streamId, version) => knownVersions.set(streamId, version),
  )
  let closed = false

  /** Reads of the log in order stop before the first commit not yet synced (see WalSync). */
  const visibleBelow = () => walSync.firstUnsynced ?? Number.MAX_SAFE_INTEGER

  function assertOpen(): void {
    if (closed) throw new Error(`event store ${options.file} is closed`)
  }

  const source: SubscriptionSource = {
    readAll: async ({ after, limit }) =>
      statements.readAll.all(after, visibleBelow(), limit).map(toRecordedEvent),
    loadCheckpoint: (name) => store.loadCheckpoint(name),
    saveCheckpoint: (name, position) => store.saveCheckpoint(name, position),
    onAppended(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    ...(options.logger && { logger: options.logger }),
  }

  const store: EventStore = {
    async append(streamId, events, appendOptions) {
      assertOpen()
      return writer.append(prepareAppend(streamId, events, appendOptions))
    },

    async readStream(
      streamId,
      { afterVersion = 0, toVersion = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {},
    ) {
      assertOpen()
      const known = knownVersion(streamId)
      if (known !== undefined && afterVersion >= known) return []
      const events = statements.readStream.all(streamId, afterVersion, toVersion).map(toRecordedEvent)
      if (toVersion === Number.MAX_SAFE_INTEGER) {
        // Read to the end: the stream is at the last event read, or at most `afterVersion`.
        knownVersions.set(streamId, events.at(-1)?.streamVersion ?? afterVersion)
      }
      return events
    },

    async readAll({ after, limit }) {
      assertOpen()
      return statements.readAll.all(after, visibleBelow(), limit).map(toRecordedEvent)
    },

    async readAllStored({ after, limit }) {
      assertOpen()
      return statements.readAll.all(after, visibleBelow(), limit).map(toStoredEvent)
    },

    async headPosition() {
      assertOpen()
      const head = statements.head.get()?.position ?? 0
      return Math.min(head, visibleBelow() - 1)
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
      return statements.loadCheckpoint.get(name)?.position ?? 0
    },

    async saveCheckpoint(name, position) {
      assertOpen()
      statements.saveCheckpoint.run(name, position)
    },

    async close() {
      if (closed) return
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()))
      writer.flush()
      closed = true
      await walSync.drained()
      walSync.close()
      // Its connection closes first: the last one to close checkpoints and removes the WAL.
      await checkpointer.stop()
      db.close()
    },
  }
  return store
}

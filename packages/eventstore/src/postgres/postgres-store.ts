import pg from 'pg'
import type { Logger } from 'pino'
import { prepareAppend } from '../append-validation'
import type { EventStore, ReadStreamOptions, Subscription } from '../contract'
import { type SubscriptionSource, startCatchUpSubscription } from '../subscription'
import { PostgresGroupCommit } from './group-commit'
import { type AppendNotifications, listenForAppends } from './notifications'
import {
  BELOW_HIGH_WATER_MARK,
  type EventRow,
  READ_ALL,
  READ_STREAM,
  toRecordedEvent,
  toStoredEvent,
} from './rows'
import { migrate } from './schema'

export interface PostgresEventStoreOptions {
  /** `postgres://user:password@host:port/database`; or pass `pool`. */
  connectionString?: string
  /** A pool the caller owns: the store does not end it on close. */
  pool?: pg.Pool
  /** Size of the pool the store creates from `connectionString`; default 10. */
  maxConnections?: number
  logger?: Logger
  /**
   * How often subscriptions read without a notification; default 1000 ms. Catches commits whose
   * NOTIFY was missed and events held back by the high-water mark until an older transaction ended.
   */
  pollIntervalMs?: number
}

/**
 * The server event store on PostgreSQL: group-committed appends serialised on an advisory lock,
 * one global hash chain, reads below a safe high-water mark, LISTEN/NOTIFY for subscriptions.
 * Creates or upgrades its tables on open.
 */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<EventStore> {
  const ownsPool = options.pool === undefined
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      application_name: 'duban-eventstore',
    })
  // An idle pooled connection the server drops must not crash the process; the next query reconnects.
  const onIdleError = (error: Error) =>
    options.logger?.warn({ err: error }, 'event store: idle connection lost')
  pool.on('error', onIdleError)
  try {
    const client = await pool.connect()
    try {
      await migrate(client)
    } finally {
      client.release()
    }
  } catch (error) {
    if (ownsPool) await pool.end()
    throw error
  }

  const pollIntervalMs = options.pollIntervalMs ?? 1000
  const listeners = new Set<() => void>()
  const notifyListeners = () => {
    for (const listener of listeners) listener()
  }
  const subscriptions = new Set<Subscription>()
  const writer = new PostgresGroupCommit(pool, notifyListeners, options.logger)
  let notifications: AppendNotifications | undefined
  let closed = false

  function assertOpen(): void {
    if (closed) throw new Error('event store is closed')
  }

  async function readRows(after: number, limit: number): Promise<EventRow[]> {
    return (await pool.query<EventRow>(READ_ALL, [after, limit])).rows
  }

  const source: SubscriptionSource = {
    readAll: async ({ after, limit }) => (await readRows(after, limit)).map(toRecordedEvent),
    loadCheckpoint: (name) => store.loadCheckpoint(name),
    saveCheckpoint: (name, position) => store.saveCheckpoint(name, position),
    onAppended(listener) {
      // Listen only once something subscribes: a store that only appends holds no extra connection.
      notifications ??= listenForAppends(pool, notifyListeners, pollIntervalMs, options.logger)
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pollIntervalMs,
    ...(options.logger && { logger: options.logger }),
  }

  const store: EventStore = {
    async append(streamId, events, appendOptions) {
      assertOpen()
      return writer.append(prepareAppend(streamId, events, appendOptions))
    },

    async readStream(streamId, { afterVersion = 0, toVersion = 2 ** 31 - 1 }: ReadStreamOptions = {}) {
      assertOpen()
      const { rows } = await pool.query<EventRow>(READ_STREAM, [streamId, afterVersion, toVersion])
      return rows.map(toRecordedEvent)
    },

    async readAll({ after, limit }) {
      assertOpen()
      return (await readRows(after, limit)).map(toRecordedEvent)
    },

    async readAllStored({ after, limit }) {
      assertOpen()
      return (await readRows(after, limit)).map(toStoredEvent)
    },

    async headPosition() {
      assertOpen()
      const { rows } = await pool.query<{ position: string }>(
        `SELECT position FROM events WHERE ${BELOW_HIGH_WATER_MARK} ORDER BY position DESC LIMIT 1`,
      )
      return Number(rows[0]?.position ?? 0)
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
      const { rows } = await pool.query<{ position: string }>(
        'SELECT position FROM event_checkpoints WHERE name = $1',
        [name],
      )
      return Number(rows[0]?.position ?? 0)
    },

    async saveCheckpoint(name, position) {
      assertOpen()
      await pool.query(
        `INSERT INTO event_checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        [name, position],
      )
    },

    async close() {
      if (closed) return
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()))
      await writer.flush()
      closed = true
      await notifications?.close()
      // pool.end() resolves once its clients are told to end, before their sockets close: an
      // owned pool keeps its listener, or a server shutting down meanwhile crashes the process.
      if (ownsPool) await pool.end()
      else pool.off('error', onIdleError)
    },
  }
  return store
}

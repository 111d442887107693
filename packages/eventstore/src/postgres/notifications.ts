import type pg from 'pg'
import type { Logger } from 'pino'
import { APPEND_CHANNEL } from './group-commit'

export interface AppendNotifications {
  close(): Promise<void>
}

/**
 * LISTENs for commits made by any process on one pooled connection held for the purpose.
 * Losing that connection is not fatal: subscriptions keep polling, and listening resumes after
 * `retryMs`.
 */
export function listenForAppends(
  pool: pg.Pool,
  onNotification: () => void,
  retryMs: number,
  logger?: Logger,
): AppendNotifications {
  let client: pg.PoolClient | undefined
  const released = new WeakSet<pg.PoolClient>()
  let retry: NodeJS.Timeout | undefined
  let closed = false

  async function connect(): Promise<void> {
    retry = undefined
    let connected: pg.PoolClient | undefined
    try {
      connected = await pool.connect()
      if (closed) {
        connected.release()
        return
      }
      connected.on('notification', onNotification)
      connected.on('error', (error) => lost(connected!, error))
      await connected.query(`LISTEN ${APPEND_CHANNEL}`)
      if (closed) {
        release(connected)
        return
      }
      client = connected
      // Commits made while we were not listening are found by this read.
      onNotification()
    } catch (error) {
      if (connected) lost(connected, error)
      else if (!closed) scheduleRetry(error)
    }
  }

  function lost(lostClient: pg.PoolClient, error: unknown): void {
    if (released.has(lostClient)) return
    if (client === lostClient) client = undefined
    release(lostClient, error instanceof Error ? error : true)
    if (!closed) scheduleRetry(error)
  }

  function release(held: pg.PoolClient, destroy?: Error | boolean): void {
    if (released.has(held)) return
    released.add(held)
    held.removeAllListeners('notification')
    held.release(destroy)
  }

  function scheduleRetry(error: unknown): void {
    logger?.warn({ err: error }, 'event store: LISTEN connection lost; polling until it is back')
    retry ??= setTimeout(() => void connect(), retryMs)
  }

  void connect()
  return {
    async close() {
      closed = true
      clearTimeout(retry)
      const held = client
      client = undefined
      if (!held) return
      await held.query(`UNLISTEN ${APPEND_CHANNEL}`).catch(() => undefined)
      release(held)
    },
  }
}

/**
 * The dispatcher as a long-running loop: on a server store it first waits for the leader lock
 * (`duban-dispatcher`, one active dispatcher per database; a standby takes over within the
 * lock's retry interval when the leader dies), then ticks every interval until stopped. A
 * leader that loses the lock is told through `onLost` and must stop at once (the process exits):
 * whatever it was sending is safe to cut off — it is owed until its outcome is in the log.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { acquireLeadership, type Leadership } from '@duban/eventstore'
import { DISPATCHER_LEADERSHIP, type Dispatcher } from './dispatcher'

export interface ServeOptions {
  dispatcher: Dispatcher
  everyMs: number
  signal: AbortSignal
  /** PostgreSQL holding the leader lock; none on an embedded SQLite log (one process). */
  leaderLockUrl?: string
  onLost?: (error: Error) => void
  onLeading?: () => void
  onTick?: (result: Awaited<ReturnType<Dispatcher['tick']>>) => void
  onError?: (error: unknown) => void
}

export async function serveDispatcher(options: ServeOptions): Promise<void> {
  let leadership: Leadership | undefined
  if (options.leaderLockUrl) {
    try {
      leadership = await acquireLeadership({
        connectionString: options.leaderLockUrl,
        name: DISPATCHER_LEADERSHIP,
        signal: options.signal,
        onLost: options.onLost ?? (() => process.exit(3)),
      })
    } catch (error) {
      if (options.signal.aborted) return
      throw error
    }
  }
  options.onLeading?.()
  try {
    while (!options.signal.aborted) {
      try {
        options.onTick?.(await options.dispatcher.tick())
      } catch (error) {
        options.onError?.(error)
      }
      await sleep(options.everyMs, undefined, { signal: options.signal }).catch(() => undefined)
    }
  } finally {
    await leadership?.release()
  }
}

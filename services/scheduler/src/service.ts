/**
 * The scheduler as a long-running service: stand by until this process leads, then run a tick
 * every interval, for as long as it leads and is not told to stop.
 *
 * A tick that fails (the store unreachable for a moment) is logged and tried again at the next
 * interval; losing the leadership is not handled here: the leader lock's `onLost` ends the
 * process, which is the only way to be sure a run in flight stops writing.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Leadership } from '@duban/eventstore'
import type { Logger } from 'pino'

/** The leader lock's name: one active scheduler per database. */
export const SCHEDULER_LEADERSHIP = 'duban-scheduler'

export interface ServiceOptions {
  /** Becomes the leader (resolves when this process leads); undefined where no lock is needed. */
  lead?: (signal: AbortSignal) => Promise<Leadership>
  /** One run. Resolves false when there is nothing left to do (the last of the given days). */
  tick: () => Promise<boolean>
  everyMs: number
  /** Aborted on SIGTERM/SIGINT: the run in flight ends, then the leadership is released. */
  signal: AbortSignal
  logger: Logger
}

/** Resolves `done` after the last tick, or `stopped` when the signal ended it. */
export async function serveWhileLeading(options: ServiceOptions): Promise<'done' | 'stopped'> {
  const { signal, logger } = options
  let leadership: Leadership | undefined
  if (options.lead) {
    logger.info('standing by for the leadership')
    try {
      leadership = await options.lead(signal)
    } catch (error) {
      if (signal.aborted) return 'stopped'
      throw error
    }
    logger.info({ backendPid: leadership.backendPid }, 'leading')
  }
  try {
    while (!signal.aborted) {
      try {
        if (!(await options.tick())) return 'done'
      } catch (error) {
        logger.error({ err: error }, 'run failed; trying again at the next interval')
      }
      await sleep(options.everyMs, undefined, { signal }).catch(() => undefined)
    }
    return 'stopped'
  } finally {
    await leadership?.release()
  }
}

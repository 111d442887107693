import type { Logger } from 'pino'
import type { ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from './contract'

/** What a catch-up subscription needs from a store: any adapter can provide it. */
export interface SubscriptionSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>
  loadCheckpoint(name: string): Promise<number>
  saveCheckpoint(name: string, position: number): Promise<void>
  /** Registers a callback run after each commit made through this store; returns its removal. */
  onAppended(listener: () => void): () => void
  /** How often to read again without a notification, to see appends made by other processes. */
  pollIntervalMs: number
  logger?: Logger
}

export const DEFAULT_BATCH_SIZE = 500

/**
 * Reads the log in batches after a start position, hands each batch to `handle`, saves the
 * named checkpoint after it, and once caught up waits for a commit notification or the poll
 * interval before reading again. Holds at most one batch in memory.
 */
export function startCatchUpSubscription(
  source: SubscriptionSource,
  options: SubscribeOptions,
): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`subscription batchSize must be a positive integer, got ${batchSize}`)
  }
  const coalesceMs = options.coalesceMs ?? 0
  let stopping = false
  // Set by every notification, cleared before each read: an append that lands during a read is not missed.
  let appendedSinceRead = true
  let wake: (() => void) | undefined
  // Waiting at the caught-up point (nothing announced left unread).
  let idle = false
  // A read put off by `coalesceMs`, and those waiting (`current()`) for the next caught-up point.
  let putOff: NodeJS.Timeout | undefined
  let waiting: (() => void)[] = []
  // Stopped, or failed: no caught-up point will come, so nobody may wait for one.
  let finished = false

  const readNow = () => {
    clearTimeout(putOff)
    putOff = undefined
    wake?.()
  }
  const unlisten = source.onAppended(() => {
    appendedSinceRead = true
    if (coalesceMs <= 0) wake?.()
    else putOff ??= setTimeout(readNow, coalesceMs)
  })
  const caughtUp = () => {
    const resolved = waiting
    waiting = []
    for (const resolve of resolved) resolve()
  }

  function waitForAppends(): Promise<void> {
    if (appendedSinceRead || stopping) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => wake?.(), source.pollIntervalMs)
      wake = () => {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
    })
  }

  async function run(): Promise<void> {
    const checkpoint = options.checkpoint
    let position = checkpoint === undefined ? (options.after ?? 0) : await source.loadCheckpoint(checkpoint)
    let reportedCaughtUpAt: number | undefined
    while (!stopping) {
      idle = false
      appendedSinceRead = false
      clearTimeout(putOff)
      putOff = undefined
      const batch = await source.readAll({ after: position, limit: batchSize })
      if (stopping) break
      const last = batch.at(-1)
      if (last) {
        await options.handle(batch)
        position = last.position
        if (checkpoint !== undefined) await source.saveCheckpoint(checkpoint, position)
        // A short batch held all there was to read: unless an append was announced since, the
        // next read would come back empty. Following a busy log, that empty read was one of
        // every two.
        if (batch.length === batchSize || appendedSinceRead || stopping) continue
      }
      if (reportedCaughtUpAt !== position) options.onCaughtUp?.(position)
      reportedCaughtUpAt = position
      idle = true
      caughtUp()
      await waitForAppends()
    }
  }

  const done = run().finally(() => {
    finished = true
    unlisten()
    clearTimeout(putOff)
    caughtUp()
  })
  // A failed handler rejects `done`; log it so a caller that only ever calls stop() still hears of it.
  done.catch((error: unknown) => source.logger?.error({ err: error }, 'subscription stopped by an error'))

  return {
    done,
    async stop() {
      stopping = true
      wake?.()
      await done.catch(() => undefined)
    },
    current() {
      if (stopping || finished || (idle && !appendedSinceRead)) return Promise.resolve()
      return new Promise((resolve) => {
        waiting.push(resolve)
        if (idle) readNow()
      })
    },
  }
}

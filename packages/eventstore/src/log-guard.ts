/**
 * The log checks itself. At open, the chain is verified from the anchor (the last verified head,
 * kept outside the log) to the head: only the new part, so a start stays fast however long the
 * log. A log that fails — an altered event, events removed from the end — takes no appends: the
 * guarded store refuses them with LogIntegrityError, reads go on, and `status()` says why. The
 * whole chain is then walked once more in the background (a tampered event older than the
 * anchor), yielding between batches so requests are served meanwhile. As the process writes, the
 * anchor moves to the new head (at most once per `anchorIntervalMs`, and on close).
 *
 * Appends that fail for the machine's reasons (a full disk, an I/O error) become
 * StoreUnavailableError and mark the store faulty until an append succeeds again.
 */
import type { Logger } from 'pino'
import { type Anchor, type AnchorStore, headAnchor } from './anchor'
import type { AppendResult, EventStore } from './contract'
import { LogIntegrityError, type StoreUnavailableError, storeUnavailableFrom } from './errors'
import { type VerifyFailure, verifyLog } from './verify'

export interface LogGuardStatus {
  /** `checking` while the background walk of the whole chain runs; appends are taken meanwhile. */
  integrity: 'ok' | 'checking' | 'broken'
  /** Why the chain is broken: the first failing position and the problem. */
  broken?: { position: number; problem: string; eventId?: string }
  /** The anchored head: verified up to here. */
  anchor: { position: number; where: string }
  /** The last append failed for a machine reason, and none has succeeded since. */
  fault?: { reason: StoreUnavailableError['reason']; message: string; since: string }
}

export interface LogGuard {
  /** The store with appends guarded; reads go straight through. */
  readonly store: EventStore
  status(): LogGuardStatus
  /** Settles when the background walk of the whole chain has ended. */
  readonly fullCheck: Promise<void>
  /** Saves the anchor at the head this process reached. Does not close the store. */
  close(): Promise<void>
}

export interface LogGuardOptions {
  logger?: Logger
  /** Walk the whole chain in the background after the quick check; default true. */
  fullCheck?: boolean
  /** How often the anchor follows this process's appends; default 1000 ms. */
  anchorIntervalMs?: number
  now?: () => Date
}

/**
 * The background walk reads this many events at a time and hashes them in slices of at most
 * `BACKGROUND_SLICE_MS` of work, with the event loop's turn between: requests that arrive
 * meanwhile wait about one slice. By time, not by count: how long a count of events takes depends
 * on the machine's load (2,000 at a time held a loaded server's loop long enough to shed requests).
 */
const BACKGROUND_BATCH = 256
const BACKGROUND_SLICE_MS = 10

export async function openLogGuard(
  store: EventStore,
  anchors: AnchorStore,
  options: LogGuardOptions = {},
): Promise<LogGuard> {
  const now = options.now ?? (() => new Date())
  const logger = options.logger
  let broken: LogGuardStatus['broken']
  let fault: LogGuardStatus['fault']
  let checking = false
  let stopped = false

  const fail = (failure: VerifyFailure) => {
    broken ??= {
      position: failure.position,
      problem: failure.problem,
      ...(failure.eventId && { eventId: failure.eventId }),
    }
    logger?.error({ ...broken, anchor: anchors.where }, 'the event log failed its check: appends refused')
  }

  const stored = await anchors.load()
  const quick = await verifyLog(store, stored ? { anchor: stored, fromAnchor: true } : {})
  let anchor: Anchor = stored ?? (await headAnchor(store, now()))
  let saved = anchor
  if (quick.ok) {
    anchor = await headAnchor(store, now())
    if (anchor.position !== saved.position || !stored) await anchors.save(anchor)
    saved = anchor
  } else {
    fail(quick)
  }

  let fullCheck = Promise.resolve()
  if (!broken && stored && options.fullCheck !== false) {
    checking = true
    const anchorAtStart = anchor
    fullCheck = verifyLog(
      yielding(store, () => stopped),
      { anchor: anchorAtStart, batchSize: BACKGROUND_BATCH, sliceMs: BACKGROUND_SLICE_MS },
    )
      .then((result) => {
        if (!result.ok) fail(result)
      })
      .catch((error: unknown) => {
        if (!stopped) logger?.warn({ err: error }, 'the background check of the log stopped')
      })
      .finally(() => {
        checking = false
      })
  }

  let timer: NodeJS.Timeout | undefined
  let saving: Promise<void> = Promise.resolve()
  const saveAnchor = () => {
    timer = undefined
    if (anchor.position <= saved.position) return saving
    const next = anchor
    saving = saving
      .then(() => anchors.save(next))
      .then(
        () => {
          saved = next
        },
        (error: unknown) => logger?.warn({ err: error, anchor: anchors.where }, 'could not save the anchor'),
      )
    return saving
  }
  const follow = (result: AppendResult) => {
    const last = result.events.at(-1)
    if (result.duplicate || !last || last.position <= anchor.position) return
    anchor = { position: last.position, hash: last.hash, at: now().toISOString() }
    timer ??= setTimeout(saveAnchor, options.anchorIntervalMs ?? 1000)
    timer.unref?.()
  }

  const guarded: EventStore = {
    readStream: (streamId, readOptions) => store.readStream(streamId, readOptions),
    readAll: (readOptions) => store.readAll(readOptions),
    readAllStored: (readOptions) => store.readAllStored(readOptions),
    headPosition: () => store.headPosition(),
    subscribe: (subscribeOptions) => store.subscribe(subscribeOptions),
    loadCheckpoint: (name) => store.loadCheckpoint(name),
    saveCheckpoint: (name, position) => store.saveCheckpoint(name, position),
    close: () => store.close(),
    async append(streamId, events, appendOptions) {
      if (broken) {
        throw new LogIntegrityError(
          `the event log failed its check at position ${broken.position} (${broken.problem}); it takes no appends until it is repaired`,
        )
      }
      let result: AppendResult
      try {
        result = await store.append(streamId, events, appendOptions)
      } catch (error) {
        const unavailable = storeUnavailableFrom(error)
        if (!unavailable) throw error
        fault ??= { reason: unavailable.reason, message: unavailable.message, since: now().toISOString() }
        throw unavailable
      }
      fault = undefined
      follow(result)
      return result
    },
  }

  return {
    store: guarded,
    status: () => ({
      integrity: broken ? 'broken' : checking ? 'checking' : 'ok',
      ...(broken && { broken }),
      anchor: { position: saved.position, where: anchors.where },
      ...(fault && { fault }),
    }),
    fullCheck,
    async close() {
      if (timer) clearTimeout(timer)
      stopped = true
      await fullCheck
      if (!broken) await saveAnchor()
    },
  }
}

/** Reads that give the event loop a turn first: a long walk must not stall requests. */
function yielding(store: EventStore, stopped: () => boolean): Pick<EventStore, 'readAllStored'> {
  return {
    async readAllStored(options) {
      await new Promise((resolve) => setImmediate(resolve))
      if (stopped()) throw new Error('the log guard was closed')
      return store.readAllStored(options)
    },
  }
}

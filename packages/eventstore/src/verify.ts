import { performance } from 'node:perf_hooks'
import type { Anchor } from './anchor'
import type { EventStore, StoredEvent } from './contract'
import { chainHash, GENESIS_HASH } from './hash-chain'

export type VerifyResult =
  | { ok: true; events: number; streams: number; headHash: string; headPosition: number }
  | VerifyFailure

/** The first event that breaks the chain; no event when the anchored one is missing. */
export interface VerifyFailure {
  ok: false
  position: number
  eventId?: string
  streamId?: string
  problem: string
}

export interface VerifyProgress {
  /** Position of the last event checked. */
  position: number
  /** Events checked so far. */
  events: number
}

export interface VerifyOptions {
  batchSize?: number
  /**
   * A head recorded earlier (the anchor beside the log, or one an auditor kept): the log must
   * still hold that event, unaltered — events removed from the end are found this way.
   */
  anchor?: Anchor
  /**
   * Start at the anchor instead of the first event: only the events after it are walked (their
   * hashes and links; stream versions are checked from the anchor on, not from 1).
   */
  fromAnchor?: boolean
  /** Called after each batch. */
  onProgress?: (progress: VerifyProgress) => void
  /**
   * Give the event loop a turn (setImmediate) whenever this many milliseconds of reading and
   * hashing have passed, mid-batch if need be: for a walk beside a server answering requests.
   * Unset: no pause but the reads' own.
   */
  sliceMs?: number
}

/**
 * Walks the whole log in order and checks that it is the log that was written: each event's hash
 * recomputed from its stored fields, each `prevHash` equal to the hash before it, positions
 * increasing, each stream's versions dense from 1. Reports the first event that breaks one.
 *
 * An altered event breaks its own hash; a removed, inserted or reordered one breaks the link of
 * the event after the gap. Removing events from the very end leaves a shorter valid chain: only a
 * head hash kept elsewhere (a published bulletin) can show that.
 *
 * Memory: one batch, plus the last version of each stream seen.
 */
export async function verifyLog(
  store: Pick<EventStore, 'readAllStored'>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 2000
  const { anchor } = options
  const streamVersions = new Map<string, number>()
  let position = 0
  let prevHash = GENESIS_HASH
  let events = 0
  // From the anchor, a stream first seen may already have versions before it.
  const fromAnchor = anchor !== undefined && options.fromAnchor === true && anchor.position > 0

  if (fromAnchor) {
    const [anchored] = await store.readAllStored({ after: anchor.position - 1, limit: 1 })
    const problem = anchorProblem(anchor, anchored)
    if (problem) return problem
    position = anchor.position
    prevHash = anchor.hash
  }

  const { sliceMs } = options
  let sliceStarted = performance.now()
  for (;;) {
    const batch = await store.readAllStored({ after: position, limit: batchSize })
    for (const event of batch) {
      if (sliceMs !== undefined && performance.now() - sliceStarted >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve))
        sliceStarted = performance.now()
      }
      if (anchor && !fromAnchor && event.position === anchor.position) {
        const problem = anchorProblem(anchor, event)
        if (problem) return problem
      }
      const known = streamVersions.get(event.streamId)
      const previousVersion = known ?? (fromAnchor ? event.streamVersion - 1 : 0)
      const problem = problemWith(event, position, prevHash, previousVersion)
      if (problem) {
        return {
          ok: false,
          position: event.position,
          eventId: event.eventId,
          streamId: event.streamId,
          problem,
        }
      }
      streamVersions.set(event.streamId, event.streamVersion)
      position = event.position
      prevHash = event.hash
      events += 1
    }
    if (batch.length === 0) break
    options.onProgress?.({ position, events })
  }
  if (anchor && position < anchor.position) {
    return {
      ok: false,
      position: anchor.position,
      problem: `the log ends at position ${position}, before the anchored head at position ${anchor.position}: events were removed from its end`,
    }
  }
  return { ok: true, events, streams: streamVersions.size, headHash: prevHash, headPosition: position }
}

function anchorProblem(anchor: Anchor, event: StoredEvent | undefined): VerifyFailure | undefined {
  if (!event || event.position !== anchor.position) {
    return {
      ok: false,
      position: anchor.position,
      problem: `the anchored event at position ${anchor.position} is missing: events were removed from the log`,
    }
  }
  if (event.hash !== anchor.hash || chainHash(event.prevHash, event) !== event.hash) {
    return {
      ok: false,
      position: event.position,
      eventId: event.eventId,
      streamId: event.streamId,
      problem: 'the anchored event is not the one anchored: the log was altered or replaced',
    }
  }
  return undefined
}

function problemWith(
  event: StoredEvent,
  previousPosition: number,
  previousHash: string,
  previousStreamVersion: number,
): string | undefined {
  if (!(event.position > previousPosition)) {
    return `position ${event.position} does not follow position ${previousPosition}`
  }
  if (event.prevHash !== previousHash) {
    return 'prevHash is not the hash of the event before it: an event was removed, inserted or reordered here'
  }
  if (chainHash(event.prevHash, event) !== event.hash) {
    return 'hash does not match the stored event: the event was altered'
  }
  if (event.streamVersion !== previousStreamVersion + 1) {
    return `stream ${event.streamId} jumps from version ${previousStreamVersion} to ${event.streamVersion}`
  }
  return undefined
}

import type { EventStore, StoredEvent } from './contract'
import { chainHash, GENESIS_HASH } from './hash-chain'

export type VerifyResult =
  | { ok: true; events: number; streams: number; headHash: string }
  | { ok: false; position: number; eventId: string; streamId: string; problem: string }

export interface VerifyProgress {
  /** Position of the last event checked. */
  position: number
  /** Events checked so far. */
  events: number
}

export interface VerifyOptions {
  batchSize?: number
  /** Called after each batch. */
  onProgress?: (progress: VerifyProgress) => void
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
  const streamVersions = new Map<string, number>()
  let position = 0
  let prevHash = GENESIS_HASH
  let events = 0

  for (;;) {
    const batch = await store.readAllStored({ after: position, limit: batchSize })
    for (const event of batch) {
      const problem = problemWith(event, position, prevHash, streamVersions.get(event.streamId) ?? 0)
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
  return { ok: true, events, streams: streamVersions.size, headHash: prevHash }
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

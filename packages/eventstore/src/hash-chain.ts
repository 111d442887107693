import { oneShotHash } from './one-shot-hash'

/** The `prevHash` of the first event in a log. */
export const GENESIS_HASH = '0'.repeat(64)

/** The parts of an event its hash covers: everything but its position, which a migration may renumber. */
export interface HashedFields {
  eventId: string
  streamId: string
  streamVersion: number
  type: string
  schemaVersion: number
  /** JSON text exactly as stored. */
  dataJson: string
  /** JSON text exactly as stored. */
  metadataJson: string
}

/**
 * sha256, hex-encoded, over the previous hash and the event's fields, each followed by a newline
 * but the last. One string, one `update`: hashing is a large share of an append's CPU time.
 */
export function chainHash(prevHash: string, event: HashedFields): string {
  return oneShotHash(
    'sha256',
    `${prevHash}\n${event.eventId}\n${event.streamId}\n${event.streamVersion}\n${event.type}\n${event.schemaVersion}\n${event.dataJson}\n${event.metadataJson}`,
    'hex',
  )
}

import { createHash } from 'node:crypto'

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

/** sha256 over the previous hash and the event's fields, hex-encoded. */
export function chainHash(prevHash: string, event: HashedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(event.eventId)
    .update('\n')
    .update(event.streamId)
    .update('\n')
    .update(String(event.streamVersion))
    .update('\n')
    .update(event.type)
    .update('\n')
    .update(String(event.schemaVersion))
    .update('\n')
    .update(event.dataJson)
    .update('\n')
    .update(event.metadataJson)
    .digest('hex')
}

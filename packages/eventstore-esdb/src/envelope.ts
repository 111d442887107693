import type { EventMetadata, PreparedEvent, RecordedEvent, StoredEvent } from '@duban/eventstore'
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client'

/**
 * What Duban stores as an EventStoreDB event's metadata: its own metadata plus the schema
 * version and the chain links, so an event read back carries everything `verifyLog` rehashes.
 * Events without it ($-streams, checkpoints, other applications) are not part of Duban's log.
 */
export interface Envelope {
  duban: 1
  schemaVersion: number
  metadata: EventMetadata
  prevHash: string
  hash: string
}

export function envelopeOf(event: PreparedEvent, prevHash: string, hash: string): Envelope {
  return {
    duban: 1,
    schemaVersion: event.schemaVersion,
    metadata: JSON.parse(event.metadataJson) as EventMetadata,
    prevHash,
    hash,
  }
}

type AnyResolved = ResolvedEvent | AllStreamResolvedEvent

/**
 * The event as Duban stores it, or undefined for events that are not Duban's. The JSON texts
 * are re-serialised from what the client parsed: `JSON.stringify` of a value parsed from
 * `JSON.stringify` output gives the same text, so the hashes still match (verify checks it).
 */
export function toStoredEvent(resolved: AnyResolved): StoredEvent | undefined {
  const event = resolved.event
  if (!event?.isJson || event.streamId.startsWith('$') || !event.position) return undefined
  const envelope = event.metadata as Partial<Envelope> | undefined
  if (envelope?.duban !== 1 || typeof envelope.hash !== 'string') return undefined
  return {
    eventId: event.id,
    streamId: event.streamId,
    streamVersion: Number(event.revision) + 1,
    position: Number(event.position.commit),
    type: event.type,
    schemaVersion: envelope.schemaVersion!,
    dataJson: JSON.stringify(event.data),
    metadataJson: JSON.stringify(envelope.metadata),
    prevHash: envelope.prevHash!,
    hash: envelope.hash,
  }
}

export function toRecordedEvent(stored: StoredEvent): RecordedEvent {
  return {
    eventId: stored.eventId,
    streamId: stored.streamId,
    streamVersion: stored.streamVersion,
    position: stored.position,
    type: stored.type,
    schemaVersion: stored.schemaVersion,
    data: JSON.parse(stored.dataJson),
    metadata: JSON.parse(stored.metadataJson) as EventMetadata,
    prevHash: stored.prevHash,
    hash: stored.hash,
  }
}

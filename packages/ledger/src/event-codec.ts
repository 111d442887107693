/**
 * Between the domain's events ({ type, data } at the current schema version) and the store's
 * envelopes (type, schemaVersion, data, metadata). Reading upcasts old versions.
 */
import type { EventMetadata, NewEvent, RecordedEvent } from '@duban/eventstore'

export interface DomainEvent {
  type: string
  data: unknown
}

/** What the codec needs of the domain's event registry. */
export interface EventSchemas {
  schemaVersionOf(type: string): number
  decode(type: string, schemaVersion: number, data: unknown): DomainEvent
}

export interface EventCodec {
  encode(event: DomainEvent, metadata: EventMetadata): NewEvent
  decode(recorded: RecordedEvent): DomainEvent
}

export function eventCodec(schemas: EventSchemas): EventCodec {
  return {
    encode: (event, metadata) => ({
      type: event.type,
      schemaVersion: schemas.schemaVersionOf(event.type),
      data: event.data,
      metadata,
    }),
    decode: (recorded) => schemas.decode(recorded.type, recorded.schemaVersion, recorded.data),
  }
}

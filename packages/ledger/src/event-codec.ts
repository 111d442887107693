/**
 * Between the domain's events ({ type, data } at the current schema version) and the store's
 * envelopes (type, schemaVersion, data, metadata). Reading upcasts old versions.
 *
 * Writing checks that the event reads back: the data goes through the same JSON text the store
 * keeps and is decoded with the schema every reader uses. An event that would not decode is
 * refused here, before the append, so no writer (API, scheduler, importer, simulation — all
 * go through `handleCommand`, which encodes with this codec) can put an unreadable event in
 * the log.
 */
import { invalid } from '@duban/domain'
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
  /**
   * The envelope to append, and the event as every reader will decode it from the log (`readBack`):
   * what folding the appended event gives, without reading it again.
   * @throws DomainError (`invalid`) when the event would not read back.
   */
  encode(event: DomainEvent, metadata: EventMetadata): NewEvent & { readBack: DomainEvent }
  decode(recorded: RecordedEvent): DomainEvent
}

export function eventCodec(schemas: EventSchemas): EventCodec {
  return {
    encode: (event, metadata) => {
      const { schemaVersion, readBack } = readsBackAs(schemas, event)
      return { type: event.type, schemaVersion, data: event.data, metadata, readBack }
    },
    decode: (recorded) => schemas.decode(recorded.type, recorded.schemaVersion, recorded.data),
  }
}

/**
 * Decodes the event as a reader will see it — from its JSON text, with its own schema — and
 * returns it with the schema version to store it with.
 */
function readsBackAs(
  schemas: EventSchemas,
  event: DomainEvent,
): { schemaVersion: number; readBack: DomainEvent } {
  try {
    const schemaVersion = schemas.schemaVersionOf(event.type)
    const text = JSON.stringify(event.data)
    if (text === undefined) throw new Error('it has no data')
    return { schemaVersion, readBack: schemas.decode(event.type, schemaVersion, JSON.parse(text)) }
  } catch (error) {
    throw invalid(
      `the command would write a ${event.type} event that cannot be read back: ${describe(error)}`,
      {
        eventType: event.type,
      },
    )
  }
}

/** A zod error's issues as `path: message`; any other error's message. */
function describe(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues
  if (Array.isArray(issues)) {
    return issues
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
  }
  return error instanceof Error ? error.message : String(error)
}

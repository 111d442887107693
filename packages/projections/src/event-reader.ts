import type { RecordedEvent, StoredEvent } from '@duban/eventstore'
import { storedMetadata, storedRecordedAt } from './stored-metadata'

/** What the runner reads of every event of a batch, whichever form the batch came in. */
export type LogEvent = Pick<RecordedEvent, 'position' | 'type'>

/** How the runner reads one form of event: its recording time, and the event a projection takes. */
export interface EventReader<E extends LogEvent> {
  recordedAt(event: E): string
  decode(event: E): RecordedEvent
}

/** Live batches arrive decoded by the store's subscription. */
export const recordedEvents: EventReader<RecordedEvent> = {
  recordedAt: (event) => event.metadata.recordedAt,
  decode: (event) => event,
}

/**
 * Catch-up reads the stored text and decodes an event only when it is handed out: the decoded
 * values then die young, within one event, instead of living as long as two batches and being
 * promoted to the old generation of the heap.
 */
export const storedEvents: EventReader<StoredEvent> = {
  recordedAt: (event) => storedRecordedAt(event.metadataJson),
  decode: (event) => ({
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: JSON.parse(event.dataJson),
    metadata: storedMetadata(event.metadataJson),
    prevHash: event.prevHash,
    hash: event.hash,
  }),
}

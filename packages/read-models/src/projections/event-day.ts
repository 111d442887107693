import type { RecordedEvent } from '@duban/eventstore'

/**
 * The fields of an event's data the projections read. The store hands data back as stored;
 * the projections read it without a schema parse per event (replay speed), and the few fields
 * an upcaster adds are defaulted where they are read (`ReminderSent` v1 has no `kind`).
 */
export type EventData = Record<string, unknown> & { taskId: string; unitId: string }

export const dataOf = (event: RecordedEvent): EventData => event.data as EventData

export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

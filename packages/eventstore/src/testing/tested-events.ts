/**
 * Events for the store's own tests: type `Tested`, the metadata of one command, a fixed
 * recording time (so hashes and bytes are the same on every run).
 */
import type { EventMetadata, NewEvent } from '../contract'

export function testedMetadata(commandId: string): EventMetadata {
  return {
    actor: 'user:test',
    unit: null,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2024-01-02T03:04:05.000Z',
  }
}

/** One event of the command; its data names the command unless given. */
export function testedEvent(commandId: string, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    type: 'Tested',
    schemaVersion: 1,
    data: { commandId },
    metadata: testedMetadata(commandId),
    ...extra,
  }
}

/** `count` events of one command, each with its index in the data (and `data`'s fields). */
export function testedEvents(
  commandId: string,
  count: number,
  data: Record<string, unknown> = {},
): NewEvent[] {
  const metadata = testedMetadata(commandId)
  return Array.from({ length: count }, (_, index) => ({
    type: 'Tested',
    schemaVersion: 1,
    data: { index, ...data },
    metadata,
  }))
}

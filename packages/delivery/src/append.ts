/**
 * The one place delivery events enter the log. They are not domain events (no decider owns a
 * channel or a send), so they do not go through `handleCommand`; instead each is encoded by the
 * delivery registry (zod) and must read back through it before it is appended. Streams are
 * append-only logs per unit (`expectedVersion: 'any'`): the command id is what makes a retried
 * write — a second dispatcher, a restart — record nothing twice.
 */
import type { EventStore } from '@duban/eventstore'
import { type DeliveryEvent, deliveryEvents } from './events'

export interface DeliveryEventMetadata {
  actor: string
  unit: string | null
  commandId: string
  causationId?: string
  recordedAt: Date
}

export async function appendDeliveryEvent(
  store: EventStore,
  streamId: string,
  event: DeliveryEvent,
  meta: DeliveryEventMetadata,
): Promise<{ position: number; duplicate: boolean }> {
  const encoded = deliveryEvents.encode(event)
  deliveryEvents.decode(encoded.type, encoded.schemaVersion, JSON.parse(JSON.stringify(encoded.data)))
  const result = await store.append(
    streamId,
    [
      {
        ...encoded,
        metadata: {
          actor: meta.actor,
          unit: meta.unit,
          commandId: meta.commandId,
          correlationId: meta.commandId,
          causationId: meta.causationId || meta.commandId,
          recordedAt: meta.recordedAt.toISOString(),
        },
      },
    ],
    { expectedVersion: 'any' },
  )
  return { position: result.events[0]?.position ?? 0, duplicate: result.duplicate }
}

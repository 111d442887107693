/**
 * Maintaining a unit's channels and contacts: request bodies (zod, the API's schemas too) turned
 * into events. Robot URLs and 加签 secrets are sealed here, before anything is written or
 * logged; what the API answers back is `describeChannel`, which shows no secret.
 */
import type { EventStore } from '@duban/eventstore'
import { z } from 'zod'
import { appendDeliveryEvent } from './append'
import { Contact, type DeliveryEvent, deliveryConfigStreamId, deliveryStreamId } from './events'
import type { SecretBox } from './secrets'

const Webhook = z.url({ protocol: /^https?$/ }).max(2_000)

export const ChannelBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('dingtalk'),
    label: z.string().trim().min(1).max(100),
    /** `https://oapi.dingtalk.com/robot/send?access_token=…` */
    webhook: Webhook,
    /** The robot's 加签 secret (`SEC…`). */
    secret: z.string().min(1).max(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('wecom'),
    label: z.string().trim().min(1).max(100),
    /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` */
    webhook: Webhook,
  }),
  z.strictObject({ kind: z.literal('email'), label: z.string().trim().min(1).max(100) }),
])
export type ChannelBody = z.infer<typeof ChannelBody>

export const ContactsBody = z.strictObject({ contacts: z.array(Contact).max(50) })

export interface ConfigActor {
  userId: string
  unitId: string | null
  commandId: string
}

export function channelSetEvent(
  unitId: string,
  channelId: string,
  body: ChannelBody,
  secrets: SecretBox,
): DeliveryEvent {
  return {
    type: 'DeliveryChannelSet',
    data: {
      unitId,
      channelId,
      kind: body.kind,
      label: body.label,
      ...(body.kind !== 'email' && {
        sealed: secrets.seal({
          webhook: body.webhook,
          ...(body.kind === 'dingtalk' && body.secret && { secret: body.secret }),
        }),
      }),
    },
  }
}

/** Appends one configuration event to the unit's configuration stream (idempotent by command id). */
export function appendConfig(
  store: EventStore,
  unitId: string,
  event: DeliveryEvent,
  actor: ConfigActor,
  now: Date,
): Promise<{ position: number; duplicate: boolean }> {
  return appendDeliveryEvent(store, deliveryConfigStreamId(unitId), event, {
    actor: actor.userId,
    unit: actor.unitId,
    commandId: actor.commandId,
    recordedAt: now,
  })
}

/** The admin asks for a dead-lettered delivery to be tried again. */
export function requestRetry(
  store: EventStore,
  dead: { deliveryId: string; unitId: string; attempts: number; sourceEventId: string },
  actor: { userId: string; unitId: string | null },
  now: Date,
): Promise<{ position: number; duplicate: boolean }> {
  return appendDeliveryEvent(
    store,
    deliveryStreamId(dead.unitId),
    { type: 'DeliveryRetryRequested', data: { deliveryId: dead.deliveryId, unitId: dead.unitId } },
    {
      actor: actor.userId,
      unit: actor.unitId,
      commandId: `delivery-retry:${dead.deliveryId}:${dead.attempts}`,
      causationId: dead.sourceEventId,
      recordedAt: now,
    },
  )
}

/**
 * Delivery's own events: who configured which channel and contact of a unit (and when), and
 * what became of every message (delivered, a failed attempt, dead-lettered, retried). Written to
 * the same log as the ledger, so "督办单 delivered to 江北区 at 08:01" is a fact of the ledger.
 *
 * Secrets (a robot's webhook token, a 加签 secret) appear here only sealed (AES-256-GCM, see
 * secrets.ts): never in plain text.
 */
import { type DomainEventOf, defineEvent, EventRegistry, Id } from '@duban/domain'
import { z } from 'zod'

export const ChannelKind = z.enum(['dingtalk', 'wecom', 'email'])
export type ChannelKind = z.infer<typeof ChannelKind>

/** AES-256-GCM output, base64: what a secret looks like at rest. */
export const Sealed = z.strictObject({
  alg: z.literal('aes-256-gcm'),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
})
export type Sealed = z.infer<typeof Sealed>

export const ContactRole = z.enum(['responsible', 'liaison', 'leader'])
export const Contact = z.strictObject({
  name: z.string().trim().min(1).max(64),
  /** 责任人 (gets formal notices by e-mail), 联络员, 分管领导. */
  role: ContactRole,
  email: z.email().max(254).optional(),
  /** For DingTalk @-mentions. */
  mobile: z
    .string()
    .regex(/^1\d{10}$/, 'a mainland mobile number: 11 digits starting with 1')
    .optional(),
})
export type Contact = z.infer<typeof Contact>

/** A channel of a unit was added or changed (a robot's URL and secret sealed; e-mail has none). */
export const DeliveryChannelSet = defineEvent(
  'DeliveryChannelSet',
  z.strictObject({
    unitId: Id,
    channelId: Id,
    kind: ChannelKind,
    label: z.string().trim().min(1).max(100),
    /** The robot's webhook URL and 加签 secret, sealed; absent for e-mail. */
    sealed: Sealed.optional(),
  }),
)

export const DeliveryChannelRemoved = defineEvent(
  'DeliveryChannelRemoved',
  z.strictObject({ unitId: Id, channelId: Id }),
)

/** The unit's contacts, as a whole list (the latest list replaces the previous one). */
export const UnitContactsSet = defineEvent(
  'UnitContactsSet',
  z.strictObject({ unitId: Id, contacts: z.array(Contact).max(50) }),
)

const DigestItem = z.strictObject({
  /** The ledger event the item stands for. */
  eventId: z.string().min(1).max(64),
  kind: z.enum(['due_soon', 'overdue']),
  taskId: Id,
})

/**
 * A morning's digest of a unit (每日汇总), fixed in the log before it is sent: a dispatcher
 * that takes over sends exactly this content. `seq` > 1 when items arrived after the first.
 */
export const DigestCompiled = defineEvent(
  'DigestCompiled',
  z.strictObject({
    unitId: Id,
    date: z.iso.date(),
    seq: z.number().int().min(1),
    items: z.array(DigestItem).min(1),
    openNotices: z.number().int().min(0),
  }),
)

const Outcome = {
  deliveryId: z.string().min(1).max(64),
  unitId: Id,
  channelId: Id,
  attempt: z.number().int().min(1),
}
/** What the platform answered, never the request: no token, no secret. */
const Answer = { code: z.string().max(64), detail: z.string().max(500) }

export const MessageDelivered = defineEvent(
  'MessageDelivered',
  z.strictObject({
    ...Outcome,
    channelKind: ChannelKind,
    sourceEventId: z.string().min(1).max(64),
    /** Deliveries merged into this one message to stay within the robot's rate limit. */
    batch: z.array(z.string().min(1).max(64)).optional(),
  }),
)

export const DeliveryAttemptFailed = defineEvent(
  'DeliveryAttemptFailed',
  z.strictObject({ ...Outcome, ...Answer, nextAttemptAt: z.iso.datetime() }),
)

export const DeliveryDeadLettered = defineEvent(
  'DeliveryDeadLettered',
  z.strictObject({ ...Outcome, ...Answer }),
)

/** The admin asks for a dead-lettered delivery to be tried again (after fixing the channel). */
export const DeliveryRetryRequested = defineEvent(
  'DeliveryRetryRequested',
  z.strictObject({ deliveryId: z.string().min(1).max(64), unitId: Id }),
)

export const deliveryEventDefinitions = [
  DeliveryChannelSet,
  DeliveryChannelRemoved,
  UnitContactsSet,
  DigestCompiled,
  MessageDelivered,
  DeliveryAttemptFailed,
  DeliveryDeadLettered,
  DeliveryRetryRequested,
] as const
export const deliveryEvents = new EventRegistry(deliveryEventDefinitions)
export type DeliveryEvent = DomainEventOf<(typeof deliveryEventDefinitions)[number]>

/** `delivery-config-{unitId}`: a unit's channels and contacts. */
export const deliveryConfigStreamId = (unitId: string) => `delivery-config-${Id.parse(unitId)}`
/** `delivery-{unitId}`: what became of the messages to a unit (and its digests). */
export const deliveryStreamId = (unitId: string) => `delivery-${Id.parse(unitId)}`

/** The pseudo-unit whose channels receive escalations (领导小组). */
export const LEADERSHIP = 'leadership-group'

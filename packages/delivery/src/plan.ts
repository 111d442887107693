/**
 * Pure planning: from one ledger item (a reminder, a notice, an escalation, a compiled digest)
 * and the recipient's channels, the deliveries that are due — who gets what, on which channel,
 * from when, saying what. No I/O, no clock: the item's own recording time decides quiet hours.
 */
import { createHash } from 'node:crypto'
import { notBefore, type WorkingDays } from './business-time'
import { type ChannelKind, LEADERSHIP } from './events'
import { type Lookup, type OutgoingMessage, renderMessage } from './messages'
import { type DeliveryRules, rulesFor, type SourceKind } from './rules'

/** A ledger item that may reach people. */
export interface Source {
  eventId: string
  position: number
  recordedAt: string
  kind: SourceKind
  /** The unit the item is about: the obligated unit, or the digest's unit. */
  unitId: string
  taskId?: string
  /** A reminder's text, or an escalation's reason. */
  message?: string
  notice?: { grade: 'general' | 'priority' | 'listed'; reason: string; answerDueDate: string }
  digest?: {
    date: string
    seq: number
    items: { kind: 'due_soon' | 'overdue'; taskId: string }[]
    openNotices: number
  }
}

export interface ChannelRef {
  channelId: string
  unitId: string
  kind: ChannelKind
}

export interface PlannedDelivery {
  deliveryId: string
  recipientUnitId: string
  channelId: string
  channelKind: ChannelKind
  sourceEventId: string
  /** Order within a channel: the log's order, then the channel's order within one item. */
  seq: number
  notBefore: string
  message: OutgoingMessage
}

export interface PlanContext {
  rules: DeliveryRules
  lookup: Lookup
  baseUrl: string
  days: WorkingDays
  channelsOf(unitId: string): ChannelRef[]
}

/** Deterministic: one id per (ledger event, recipient, channel), whoever plans it, however often. */
export const deliveryIdOf = (sourceEventId: string, recipientUnitId: string, channelId: string): string =>
  `d-${createHash('sha256').update(`${sourceEventId}|${recipientUnitId}|${channelId}`).digest('hex').slice(0, 24)}`

/** True when the item goes into the unit's morning digest rather than out on its own. */
export const isDigestItem = (source: Pick<Source, 'kind'>, rules: DeliveryRules): boolean =>
  rulesFor(rules, source.kind).some((rule) => rule.mode === 'digest')

export function planDeliveries(source: Source, context: PlanContext): PlannedDelivery[] {
  const planned: PlannedDelivery[] = []
  const seen = new Set<string>()
  for (const rule of rulesFor(context.rules, source.kind)) {
    if (rule.mode !== 'immediate') continue
    const recipient = rule.to === 'leadership' ? LEADERSHIP : source.unitId
    const from = notBefore(new Date(source.recordedAt), rule.urgent, context.rules.workingHours, context.days)
    for (const channel of context.channelsOf(recipient)) {
      if (!rule.channels.includes(channel.kind)) continue
      // A unit's channels belong to that unit only: never hand one unit's item to another's.
      if (channel.unitId !== recipient) continue
      const deliveryId = deliveryIdOf(source.eventId, recipient, channel.channelId)
      if (seen.has(deliveryId)) continue
      seen.add(deliveryId)
      planned.push({
        deliveryId,
        recipientUnitId: recipient,
        channelId: channel.channelId,
        channelKind: channel.kind,
        sourceEventId: source.eventId,
        seq: source.position * 64 + planned.length,
        notBefore: from.toISOString(),
        message: renderMessage(source, deliveryId, context.lookup, context.baseUrl),
      })
    }
  }
  return planned
}

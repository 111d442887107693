/**
 * `duban notify test <unit>`: a test message to each of a unit's channels, straight to the
 * platform (not through the log: a test is not a fact of the ledger), with each outcome.
 */
import type { RecordedEvent } from '@duban/eventstore'
import type { Channel } from './channels/channel'
import type { Classified } from './classify'
import { type ChannelKind, type Contact, deliveryEvents, type Sealed } from './events'
import { renderMessage } from './messages'
import { deliveryIdOf } from './plan'
import type { SecretBox } from './secrets'

export interface TestOutcome extends Classified {
  channelId: string
  kind: ChannelKind
  label: string
}

export async function sendTestMessages(options: {
  unitId: string
  unitName: string
  /** The unit's `delivery-config-{unitId}` stream. */
  events: RecordedEvent[]
  secrets: SecretBox
  channels: Partial<Record<ChannelKind, Channel>>
  baseUrl: string
  now: Date
}): Promise<TestOutcome[]> {
  const channels = new Map<string, { kind: ChannelKind; label: string; sealed?: Sealed }>()
  let contacts: Contact[] = []
  for (const event of options.events) {
    if (!deliveryEvents.has(event.type)) continue
    const decoded = deliveryEvents.decode(event.type, event.schemaVersion, event.data)
    if (decoded.type === 'DeliveryChannelSet') channels.set(decoded.data.channelId, decoded.data)
    else if (decoded.type === 'DeliveryChannelRemoved') channels.delete(decoded.data.channelId)
    else if (decoded.type === 'UnitContactsSet') contacts = decoded.data.contacts
  }
  const outcomes: TestOutcome[] = []
  for (const [channelId, channel] of [...channels].sort(([a], [b]) => a.localeCompare(b))) {
    const deliveryId = deliveryIdOf(`test-${options.now.toISOString()}`, options.unitId, channelId)
    const message = renderMessage(
      {
        eventId: deliveryId,
        position: 0,
        recordedAt: options.now.toISOString(),
        kind: 'reminder.manual',
        unitId: options.unitId,
        taskId: 'test',
        message: '这是一条测试消息，无需处理。',
      },
      deliveryId,
      { unitName: () => options.unitName, taskTitle: () => '消息通道测试' },
      options.baseUrl,
    )
    const sender = options.channels[channel.kind]
    let outcome: Classified
    try {
      const opened = channel.sealed
        ? options.secrets.open<{ webhook?: string; secret?: string }>(channel.sealed)
        : {}
      outcome = sender
        ? await sender.send(
            { channelId, unitId: options.unitId, ...opened, contacts },
            { ...message, title: `【测试】${options.unitName} 消息通道`, mention: false },
          )
        : {
            verdict: 'permanent',
            code: 'no channel',
            detail: `no ${channel.kind} sender is configured on this machine`,
          }
    } catch (error) {
      outcome = { verdict: 'permanent', code: 'secret', detail: (error as Error).message }
    }
    outcomes.push({ channelId, kind: channel.kind, label: channel.label, ...outcome })
  }
  return outcomes
}

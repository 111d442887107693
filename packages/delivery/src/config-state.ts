/**
 * A unit's delivery configuration as its stream tells it (`delivery-config-{unitId}`): channels
 * with who set them and when, and contacts. What the API shows; it holds no secret — only
 * whether a channel has one sealed.
 */
import type { RecordedEvent } from '@duban/eventstore'
import { type ChannelKind, type Contact, deliveryEvents } from './events'

export interface ChannelView {
  channelId: string
  kind: ChannelKind
  label: string
  /** A sealed webhook and secret are on record (never shown again). */
  secretOnRecord: boolean
  setAt: string
  setBy: string
}

export interface DeliveryConfigView {
  unitId: string
  channels: ChannelView[]
  contacts: Contact[]
  contactsSetAt: string | null
  contactsSetBy: string | null
}

export function deliveryConfigOf(unitId: string, events: RecordedEvent[]): DeliveryConfigView {
  const channels = new Map<string, ChannelView>()
  const view: DeliveryConfigView = {
    unitId,
    channels: [],
    contacts: [],
    contactsSetAt: null,
    contactsSetBy: null,
  }
  for (const event of events) {
    if (!deliveryEvents.has(event.type)) continue
    const decoded = deliveryEvents.decode(event.type, event.schemaVersion, event.data)
    const meta = { setAt: event.metadata.recordedAt, setBy: event.metadata.actor }
    if (decoded.type === 'DeliveryChannelSet') {
      const d = decoded.data
      channels.set(d.channelId, {
        channelId: d.channelId,
        kind: d.kind,
        label: d.label,
        secretOnRecord: d.sealed !== undefined,
        ...meta,
      })
    } else if (decoded.type === 'DeliveryChannelRemoved') {
      channels.delete(decoded.data.channelId)
    } else if (decoded.type === 'UnitContactsSet') {
      view.contacts = decoded.data.contacts
      view.contactsSetAt = meta.setAt
      view.contactsSetBy = meta.setBy
    }
  }
  view.channels = [...channels.values()].sort((a, b) => a.channelId.localeCompare(b.channelId))
  return view
}

import { shanghaiDate } from '@duban/calendar'
import type { RecordedEvent } from '@duban/eventstore'

/**
 * The business date an event speaks of: the date it states (a reminder recorded late after
 * downtime), else the Asia/Shanghai date it was recorded on.
 */
export function eventDay(event: Pick<RecordedEvent, 'metadata'>): string {
  return event.metadata.businessDate ?? shanghaiDate(event.metadata.recordedAt)
}

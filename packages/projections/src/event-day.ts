import { shanghaiDate } from '@duban/calendar'
import type { RecordedEvent } from '@duban/eventstore'

let lastRecordedAt = ''
let lastDay = ''

/**
 * The business date an event speaks of: the date it states (a reminder recorded late after
 * downtime, an actual corrected later), else the Asia/Shanghai date it was recorded on. The one
 * `eventDay` of the projections and the scheduler.
 */
export function eventDay(event: Pick<RecordedEvent, 'metadata'>): string {
  const { businessDate, recordedAt } = event.metadata
  if (businessDate !== undefined) return businessDate
  // A replay asks for the same event's day once per projection, and neighbours share their day.
  if (recordedAt !== lastRecordedAt) {
    lastRecordedAt = recordedAt
    lastDay = shanghaiDate(recordedAt)
  }
  return lastDay
}

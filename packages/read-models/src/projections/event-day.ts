import type { RecordedEvent } from '@duban/eventstore'
import { shanghaiDate } from '@duban/projections'

/**
 * The business date an event speaks of: the date it states (a reminder recorded late after
 * downtime, an actual corrected later), else the Asia/Shanghai date it was recorded on.
 */
export function eventDay(event: Pick<RecordedEvent, 'metadata'>): string {
  const { businessDate, recordedAt } = event.metadata
  if (businessDate !== undefined) return businessDate
  // Every projection asks for the same event's day in turn, and neighbours share their day.
  if (recordedAt !== lastRecordedAt) {
    lastRecordedAt = recordedAt
    lastDay = shanghaiDate(recordedAt)
  }
  return lastDay
}

let lastRecordedAt = ''
let lastDay = ''

/**
 * The fields of an event's data the projections read. The store hands data back as stored;
 * the projections read it without a schema parse per event (replay speed), and the few fields
 * an upcaster adds are defaulted where they are read (`ReminderSent` v1 has no `kind`).
 */
export type EventData = Record<string, unknown> & { taskId: string; unitId: string }

export const dataOf = (event: RecordedEvent): EventData => event.data as EventData

export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/**
 * A task's audit trail (任务台账): every event of the task and of each of its assignments, oldest
 * first (or newest first, for a person reading what happened lately), with who acted, for which unit, when it was recorded and the day it speaks of.
 *
 * Read from the log itself, not copied into a table: the log is the audit trail, already kept
 * in order and indexed by stream. The read models say which streams make up the task (its own
 * and one per assigned unit, as of the position asked); each is read up to that position. A
 * copy would have doubled the cost of every replay for data the store already serves.
 */
import type { EventStore, RecordedEvent } from '@duban/eventstore'
import type Database from 'better-sqlite3'
import { type AsOf, assignmentsAt } from './as-of'
import type { Page } from './page'

export interface HistoryEntry {
  position: number
  type: string
  /** The assignment's unit, for assignment events. */
  unitId: string | null
  actor: string
  /** The unit the actor acted for; null for system actors. */
  actorUnit: string | null
  recordedAt: string
  businessDate: string | null
  data: unknown
}

export interface TaskHistory {
  taskId: string
  asOf: AsOf
  entries: HistoryEntry[]
  page: Page
}

export async function taskHistory(
  db: Database.Database,
  store: Pick<EventStore, 'readStream'>,
  taskId: string,
  asOf: AsOf,
  options: {
    unitId?: string
    unitVisible?: (unitId: string) => boolean
    newestFirst?: boolean
    limit: number
    offset: number
  },
): Promise<TaskHistory> {
  const units = db
    .prepare(`SELECT a.unit_id FROM ${assignmentsAt('a.task_id = @task')} a ORDER BY a.unit_id`)
    .pluck()
    .all({ task: taskId, position: asOf.position }) as string[]
  const streams = [
    ...(options.unitId === undefined ? [`task-${taskId}`] : []),
    ...units
      .filter((unit) => options.unitId === undefined || unit === options.unitId)
      .filter((unit) => options.unitVisible?.(unit) ?? true)
      .map((unit) => `assignment-${taskId}~${unit}`),
  ]
  const events: RecordedEvent[] = []
  for (const stream of streams)
    for (const event of await store.readStream(stream))
      if (event.position <= asOf.position) events.push(event)
  events.sort((a, b) => (options.newestFirst ? b.position - a.position : a.position - b.position))
  const entries = events.slice(options.offset, options.offset + options.limit).map(
    (event): HistoryEntry => ({
      position: event.position,
      type: event.type,
      unitId:
        typeof (event.data as { unitId?: unknown }).unitId === 'string' &&
        event.streamId.startsWith('assignment-')
          ? (event.data as { unitId: string }).unitId
          : null,
      actor: event.metadata.actor,
      actorUnit: event.metadata.unit,
      recordedAt: event.metadata.recordedAt,
      businessDate: event.metadata.businessDate ?? null,
      data: event.data,
    }),
  )
  return {
    taskId,
    asOf,
    entries,
    page: { total: events.length, limit: options.limit, offset: options.offset },
  }
}

/** The scheduler's writes as comparable rows: stream, type, id, business date. */
import type { EventStore } from '@duban/eventstore'
import { eventDay } from '@duban/projections'

export interface LadderRow {
  stream: string
  type: string
  id: string
  on: string
  stageId?: string
  policyVersion?: string
}

const idOf = (data: Record<string, unknown>) =>
  String(data.reminderId ?? data.noticeId ?? data.escalationId ?? data.obligationId)

export async function schedulerWrites(store: EventStore): Promise<LadderRow[]> {
  const rows: LadderRow[] = []
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: 1000 })
    if (batch.length === 0) return rows
    after = batch.at(-1)!.position
    for (const event of batch) {
      if (event.metadata.actor !== 'system:scheduler') continue
      const data = event.data as Record<string, unknown>
      rows.push({
        stream: event.streamId,
        type: event.type,
        id: idOf(data),
        on: eventDay(event),
        ...(typeof data.stageId === 'string' && { stageId: data.stageId }),
        ...(typeof data.policyVersion === 'string' && { policyVersion: data.policyVersion }),
      })
    }
  }
}

/** `type id` pairs that occur more than once: what "exactly once" forbids. */
export function duplicates(rows: readonly LadderRow[]): string[] {
  const seen = new Map<string, number>()
  for (const row of rows) {
    const key = `${row.stream} ${row.type} ${row.id}`
    seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key)
}

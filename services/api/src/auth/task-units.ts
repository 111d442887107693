/**
 * Whether a unit is bound to a task: its assignment stream holds the TaskAssigned event. The
 * assignment itself answers, not the task's definition read against today's directory — a
 * district abolished since still answers for the tasks it was assigned, and a unit never
 * assigned is not bound because today's directory happens to list it.
 */
import { assignmentStreamId, Id } from '@duban/domain'
import type { EventStore } from '@duban/eventstore'

export async function isBoundTo(
  store: Pick<EventStore, 'readStream'>,
  taskId: string,
  unitId: string,
): Promise<boolean> {
  if (!Id.safeParse(taskId).success || !Id.safeParse(unitId).success) return false
  const [first] = await store.readStream(assignmentStreamId(taskId, unitId), { toVersion: 1 })
  return first?.type === 'TaskAssigned'
}

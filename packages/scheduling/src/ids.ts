/**
 * Deterministic ids for everything the scheduler writes: the same rule, obligation and due date
 * always give the same id, so a rerun, a restart or a second scheduler is refused by the domain
 * ("reminder … was already sent") and deduplicated by the store (same command id).
 */
import { createHash } from 'node:crypto'

/** The domain's ids are at most 64 characters; longer ones keep a readable head and a hash. */
function bounded(id: string, max: number): string {
  if (id.length <= max) return id
  const hash = createHash('sha1').update(id).digest('hex').slice(0, 12)
  return `${id.slice(0, max - 13)}.${hash}`
}

/** `overdue.20231012.2023-Q3`: one per stage, due date and obligation (an extension restarts the ladder). */
export const stageEventId = (stageId: string, dueDate: string, obligationId: string) =>
  bounded(`${stageId}.${dueDate.replaceAll('-', '')}.${obligationId}`, 64)

/** The command id of a scheduler command on one stream, unique across the whole log. */
export const schedulerCommandId = (streamId: string, id: string) =>
  bounded(`scheduler:${streamId}:${id}`, 128)

/**
 * Identifiers and stream ids. Stream ids are public API: the store, the projections and the
 * scheduler all address aggregates by them, so their shape never changes.
 */
import { z } from 'zod'
import { invalid } from './errors'

/**
 * An id of a plan, section, task, unit, target, report, obligation, notice or request.
 * ASCII so it can sit in a URL and a stream id unescaped; no `~`, which separates the parts of
 * an assignment stream id.
 */
export const Id = z
  .string()
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'an id is ASCII letters, digits, ".", "_" or "-", starting with a letter or digit',
  )

const isId = (value: string) => Id.safeParse(value).success

function checkId(what: string, value: string): string {
  if (!isId(value)) throw invalid(`${what} "${value}" is not a valid id`, { [what]: value })
  return value
}

/** `plan-{planId}`: the plan's definition (行动计划). */
export const planStreamId = (planId: string) => `plan-${checkId('planId', planId)}`

/** `task-{taskId}`: the task's definition and lifecycle (工作任务). */
export const taskStreamId = (taskId: string) => `task-${checkId('taskId', taskId)}`

/** `assignment-{taskId}~{unitId}`: one unit's part in one task (交办). */
export const assignmentStreamId = (taskId: string, unitId: string) =>
  `assignment-${checkId('taskId', taskId)}~${checkId('unitId', unitId)}`

export type ParsedStreamId =
  | { kind: 'plan'; planId: string }
  | { kind: 'task'; taskId: string }
  | { kind: 'assignment'; taskId: string; unitId: string }

/** The aggregate a stream id names, or null when it is not one of Duban's. */
export function parseStreamId(streamId: string): ParsedStreamId | null {
  const dash = streamId.indexOf('-')
  if (dash < 0) return null
  const prefix = streamId.slice(0, dash)
  const rest = streamId.slice(dash + 1)
  if (prefix === 'plan' && isId(rest)) return { kind: 'plan', planId: rest }
  if (prefix === 'task' && isId(rest)) return { kind: 'task', taskId: rest }
  if (prefix === 'assignment') {
    const [taskId, unitId, ...extra] = rest.split('~')
    if (taskId !== undefined && unitId !== undefined && extra.length === 0 && isId(taskId) && isId(unitId)) {
      return { kind: 'assignment', taskId, unitId }
    }
  }
  return null
}

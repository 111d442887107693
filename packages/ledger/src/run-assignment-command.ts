/**
 * One assignment command through the ledger, the way every caller runs it (the API's routes, the
 * web forms, the scheduler, the simulation): the task's state as context, the working-day
 * calendar, then `handleCommand` (load → decide → append). A caller that named no version (no
 * HTTP `If-Match`) acts on the stream as it is — `handleCommand` decides it again on the new state
 * after a concurrent writer — and one that named a version gets the conflict.
 */
import {
  type Actor,
  type AssignmentCommand,
  assignmentDecider,
  assignmentStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { type CommandResult, handleCommand, type LedgerDeps } from './handle-command'
import { loadState } from './load-state'

export interface AssignmentCommandOptions {
  actor: Actor
  /** The idempotency key; a new one when absent. */
  commandId?: string
  /** The stream version the caller saw (HTTP `If-Match`): no retry on a conflict. */
  expectedVersion?: number
  /** The business date the events speak of, when it is not today (a scheduler's catch-up). */
  businessDate?: string
  isWorkingDay: (date: string) => boolean
  /** The unit directory's "did this unit exist on this date" (see AssignmentCommandContext). */
  unitExistsOn?: (unitId: string, date: string) => boolean
}

export async function runAssignmentCommand(
  ledger: LedgerDeps,
  command: AssignmentCommand,
  options: AssignmentCommandOptions,
): Promise<CommandResult> {
  const { taskId, unitId } = command.data
  const { state: task } = await loadState(ledger, taskDecider, taskStreamId(taskId))
  return handleCommand(ledger, assignmentDecider, {
    streamId: assignmentStreamId(taskId, unitId),
    command,
    actor: options.actor,
    ...(options.commandId !== undefined && { commandId: options.commandId }),
    ...(options.expectedVersion !== undefined && { expectedVersion: options.expectedVersion }),
    ...(options.businessDate !== undefined && { businessDate: options.businessDate }),
    context: {
      task,
      isWorkingDay: options.isWorkingDay,
      ...(options.unitExistsOn && { unitExistsOn: options.unitExistsOn }),
    },
  })
}

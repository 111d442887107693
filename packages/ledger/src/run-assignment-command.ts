/**
 * One assignment command through the ledger, the way every caller runs it (the API's routes, the
 * web forms, the scheduler, the simulation): the task's state as context, the working-day
 * calendar, load → decide → append.
 *
 * A caller that named no version (no HTTP `If-Match`) asked to act on the stream as it is: a
 * concurrent writer on the same stream then makes the append fail on a version the caller never
 * sent, so the command is decided again on the new state (where a rerun of the same step is
 * recognised as already done). A caller that named a version gets the conflict.
 */
import {
  type Actor,
  type AssignmentCommand,
  assignmentDecider,
  assignmentStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { WrongExpectedVersionError } from '@duban/eventstore'
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

const ATTEMPTS = 5

export async function runAssignmentCommand(
  ledger: LedgerDeps,
  command: AssignmentCommand,
  options: AssignmentCommandOptions,
): Promise<CommandResult> {
  const { taskId, unitId } = command.data
  const streamId = assignmentStreamId(taskId, unitId)
  for (let attempt = 1; ; attempt++) {
    const { state: task } = await loadState(ledger, taskDecider, taskStreamId(taskId))
    try {
      return await handleCommand(ledger, assignmentDecider, {
        streamId,
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
    } catch (error) {
      const retry =
        error instanceof WrongExpectedVersionError &&
        options.expectedVersion === undefined &&
        attempt < ATTEMPTS
      if (!retry) throw error
    }
  }
}

/**
 * One assignment command through the ledger, the way every caller runs it: the task's state as
 * context, the working-day calendar, load → decide → append. A concurrent writer on the same
 * stream makes the append fail on its expected version; the command is then decided again on
 * the new state (where a rerun of the same step is recognised as already done).
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
import { type CommandResult, handleCommand, type LedgerDeps, loadState } from '@duban/ledger'

export interface AssignmentCommandOptions {
  actor: Actor
  commandId: string
  /** The business date the events speak of, when it is not today (a catch-up). */
  businessDate?: string
  isWorkingDay: (date: string) => boolean
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
        commandId: options.commandId,
        ...(options.businessDate !== undefined && { businessDate: options.businessDate }),
        context: { task, isWorkingDay: options.isWorkingDay },
      })
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= ATTEMPTS) throw error
    }
  }
}

/** Runs a form's assignment command on behalf of the signed-in user, as the API's command routes do. */
import { randomBytes } from 'node:crypto'
import {
  AssignmentCommand,
  assignmentDecider,
  assignmentStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { type LedgerDeps, loadState, runAssignmentCommand as run } from '@duban/ledger'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import { requireActor } from '../plugins/actor'

export async function runAssignmentCommand(ledger: LedgerDeps, request: FastifyRequest, input: unknown) {
  return run(ledger, AssignmentCommand.parse(input), { actor: requireActor(request), isWorkingDay })
}

/**
 * Decides each command on its stream as it is now and throws the first refusal; writes nothing.
 * A bulk action (签收 or 督办单 for many rows) asks this before its first command runs, so a
 * refused row leaves the log as it was instead of half the rows done, and its confirmation page
 * never promises what the second step would refuse.
 */
export async function decideEach(ledger: LedgerDeps, request: FastifyRequest, inputs: readonly unknown[]) {
  const actor = requireActor(request)
  const now = ledger.clock.now()
  const commands = inputs.map((input) => AssignmentCommand.parse(input))
  for (const command of commands) {
    const { taskId, unitId } = command.data
    const { state: task } = await loadState(ledger, taskDecider, taskStreamId(taskId))
    const { state } = await loadState(ledger, assignmentDecider, assignmentStreamId(taskId, unitId))
    assignmentDecider.decide(command, state, { task, isWorkingDay, now, actor })
  }
  return commands
}

/**
 * A bulk action's commands, one event (or more) each through the one command path, once none
 * would be refused. Another writer between the check and the writes can still refuse a later
 * one; the earlier ones then stand, each complete in its own stream.
 */
export async function runAssignmentCommands(
  ledger: LedgerDeps,
  request: FastifyRequest,
  inputs: readonly unknown[],
) {
  for (const command of await decideEach(ledger, request, inputs))
    await runAssignmentCommand(ledger, request, command)
}

/** An id for something a form creates (a report, a notice, a request): prefix, date, random. */
export const newId = (prefix: string, today: string) =>
  `${prefix}-${today.replaceAll('-', '')}-${randomBytes(4).toString('hex')}`

/** Lines of a textarea, trimmed, empty ones dropped. */
export const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)

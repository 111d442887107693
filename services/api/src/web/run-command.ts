/** Runs an assignment command on behalf of the signed-in user, as the API's command routes do. */
import { randomBytes } from 'node:crypto'
import {
  AssignmentCommand,
  assignmentDecider,
  assignmentStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { handleCommand, type LedgerDeps, loadState } from '@duban/ledger'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import { requireActor } from '../plugins/actor'

export async function runAssignmentCommand(ledger: LedgerDeps, request: FastifyRequest, input: unknown) {
  const command = AssignmentCommand.parse(input)
  const { taskId, unitId } = command.data
  const { state: task } = await loadState(ledger, taskDecider, taskStreamId(taskId))
  return handleCommand(ledger, assignmentDecider, {
    streamId: assignmentStreamId(taskId, unitId),
    command,
    actor: requireActor(request),
    context: { task, isWorkingDay },
  })
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

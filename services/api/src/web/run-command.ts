/** Runs a form's assignment command on behalf of the signed-in user, as the API's command routes do. */
import { randomBytes } from 'node:crypto'
import { AssignmentCommand } from '@duban/domain'
import { type LedgerDeps, runAssignmentCommand as run } from '@duban/ledger'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import { requireActor } from '../plugins/actor'

export async function runAssignmentCommand(ledger: LedgerDeps, request: FastifyRequest, input: unknown) {
  return run(ledger, AssignmentCommand.parse(input), { actor: requireActor(request), isWorkingDay })
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

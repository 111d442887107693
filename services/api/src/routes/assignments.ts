/** 交办 and its workflow: assign a task to a unit, then every command on that assignment. */

import { businessDateOf } from '@duban/calendar'
import { type AssignmentCommand, AssignTask, Id } from '@duban/domain'
import { runAssignmentCommand } from '@duban/ledger'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { requireStored } from '../attachments/store-files'
import { CommandHeaders, expectedVersionFrom } from '../http/command-headers'
import { CommandAccepted, sendCommandResult } from '../http/command-response'
import { httpProblem } from '../http/problem'
import { commandProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'
import { assignmentActions } from './assignment-actions'

const pathIdsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!)

export const assignmentRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { ledger, units, clock, attachments },
) => {
  const unitExistsOn = (unitId: string, date: string) => units.existsOn(unitId, date)

  /** Runs the command as the signed-in user, with the route's idempotency key and `If-Match`. */
  const run = (command: AssignmentCommand, request: FastifyRequest) => {
    // The route's schema validated these headers; the type provider does not reach this helper.
    const headers = request.headers as CommandHeaders
    const expectedVersion = expectedVersionFrom(headers)
    return runAssignmentCommand(ledger, command, {
      actor: requireActor(request),
      commandId: headers['idempotency-key'],
      ...(expectedVersion !== undefined && { expectedVersion }),
      isWorkingDay,
      unitExistsOn,
    })
  }

  app.post(
    '/tasks/:taskId/assignments',
    {
      schema: {
        tags: ['assignments'],
        summary: 'Assign a task to a unit (交办)',
        headers: CommandHeaders,
        params: z.object({ taskId: Id }),
        body: AssignTask.shape.data.omit({ taskId: true }),
        response: { 201: CommandAccepted, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { taskId } = request.params
      const data = { ...request.body, taskId }
      // The domain refuses a unit that does not exist today; here the refusal also names the
      // closest units that do, so a mistyped id is put right at once.
      const today = businessDateOf(clock.now())
      if (!units.existsOn(data.unitId, today)) {
        const known = units.get(data.unitId)
        const why = known
          ? units.ceasedOn(data.unitId) !== null && units.ceasedOn(data.unitId)! <= today
            ? `ceased to exist on ${units.ceasedOn(data.unitId)}`
            : 'does not exist yet'
          : 'is not in the unit directory'
        throw httpProblem(
          'domain-rule',
          `unit ${data.unitId} ${why} (as of ${today}); nothing was assigned`,
          {
            unitId: data.unitId,
            asOf: today,
            closest: units.closest(data.unitId, today),
          },
        )
      }
      const result = await run({ type: 'AssignTask', data }, request)
      return sendCommandResult(reply, result, 201)
    },
  )

  for (const action of assignmentActions) {
    const pathIds = pathIdsOf(action.path)
    const idsFromPath = Object.fromEntries(['taskId', 'unitId', ...pathIds].map((id) => [id, true] as const))
    const params = z.object(Object.fromEntries(['taskId', 'unitId', ...pathIds].map((id) => [id, Id])))
    // Every command's data is a strict object; the ids that come from the path leave the body.
    const dataSchema = action.command.shape.data as z.ZodObject
    const body = dataSchema.omit(idsFromPath as never)
    const type = action.command.shape.type.value
    // The command's fields in its schema's order: the order a parse gives, so the event's JSON is
    // the same as the command parsed whole would have written.
    const fields = Object.keys(dataSchema.shape)
    const success = action.status === 201 ? { 201: CommandAccepted } : { 200: CommandAccepted }
    app.post(
      `/tasks/:taskId/assignments/:unitId/${action.path}`,
      {
        schema: {
          tags: ['assignments'],
          summary: action.summary,
          headers: CommandHeaders,
          params,
          body,
          response: { ...success, ...commandProblems },
        },
      },
      async (request, reply) => {
        const ids = request.params as Record<string, string> & { taskId: string; unitId: string }
        // The route's schemas checked the body and the ids: the command is put together from them,
        // not parsed a second time.
        const given: Record<string, unknown> = { ...(request.body as object), ...ids }
        const data = Object.fromEntries(fields.filter((field) => field in given).map((f) => [f, given[f]]))
        const command = { type, data } as AssignmentCommand
        // A report cites its files by hash: they must have been uploaded, and be what it says.
        if (command.type === 'SubmitProgressReport')
          await requireStored(attachments, command.data.attachments)
        const result = await run(command, request)
        return sendCommandResult(reply, result, action.status)
      },
    )
  }
}

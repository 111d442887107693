/** 交办 and its workflow: assign a task to a unit, then every command on that assignment. */
import {
  AssignTask,
  assignmentDecider,
  assignmentStreamId,
  Id,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { handleCommand, loadState } from '@duban/ledger'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { CommandHeaders, expectedVersionFrom } from '../http/command-headers'
import { CommandAccepted, sendCommandResult } from '../http/command-response'
import { commandProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'
import { assignmentActions } from './assignment-actions'

const pathIdsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!)

export const assignmentRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { ledger }) => {
  async function runAssignmentCommand(
    taskId: string,
    unitId: string,
    command: z.infer<(typeof assignmentActions)[number]['command']> | z.infer<typeof AssignTask>,
    request: FastifyRequest,
  ) {
    // The route's schema validated these headers; the type provider does not reach this helper.
    const headers = request.headers as CommandHeaders
    const { state: task } = await loadState(ledger, taskDecider, taskStreamId(taskId))
    return handleCommand(ledger, assignmentDecider, {
      streamId: assignmentStreamId(taskId, unitId),
      command,
      actor: requireActor(request),
      commandId: headers['idempotency-key'],
      expectedVersion: expectedVersionFrom(headers),
      context: { task, isWorkingDay },
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
      const result = await runAssignmentCommand(taskId, data.unitId, { type: 'AssignTask', data }, request)
      return sendCommandResult(reply, result, 201)
    },
  )

  for (const action of assignmentActions) {
    const pathIds = pathIdsOf(action.path)
    const idsFromPath = Object.fromEntries(['taskId', 'unitId', ...pathIds].map((id) => [id, true] as const))
    const params = z.object(Object.fromEntries(['taskId', 'unitId', ...pathIds].map((id) => [id, Id])))
    // Every command's data is a strict object; the ids that come from the path leave the body.
    const body = (action.command.shape.data as z.ZodObject).omit(idsFromPath as never)
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
        const data = { ...(request.body as object), ...ids }
        const command = action.command.parse({ type: action.command.shape.type.value, data })
        const result = await runAssignmentCommand(ids.taskId, ids.unitId, command, request)
        return sendCommandResult(reply, result, action.status)
      },
    )
  }
}

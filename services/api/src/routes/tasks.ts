/** 工作任务: register a task of a registered plan; read a task with its whole history. */
import {
  assignmentStreamId,
  ExtendTaskDeadline,
  Id,
  planDecider,
  planStreamId,
  RegisterTask,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { handleCommand, loadState } from '@duban/ledger'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { maySeeUnit } from '../auth/access-control'
import { CommandHeaders, etag, expectedVersionFrom } from '../http/command-headers'
import { CommandAccepted, RecordedEventBody, sendCommandResult } from '../http/command-response'
import { httpProblem } from '../http/problem'
import { commandProblems, queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'
import { notRunning } from './queries/query-routes'

const TaskParams = z.object({ taskId: Id })

const TaskWithHistory = z
  .object({
    version: z.number().int().describe('The task stream version; also the ETag'),
    task: z.unknown(),
    history: z.array(RecordedEventBody).describe('Every event of the task and its assignments, in log order'),
  })
  .meta({ id: 'TaskWithHistory' })

export const taskRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { ledger, store, readModels }) => {
  app.post(
    '/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Register a task of a registered plan',
        headers: CommandHeaders,
        body: RegisterTask.shape.data,
        response: { 201: CommandAccepted, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { state: plan } = await loadState(ledger, planDecider, planStreamId(request.body.planId))
      const result = await handleCommand(ledger, taskDecider, {
        streamId: taskStreamId(request.body.taskId),
        command: { type: 'RegisterTask', data: request.body },
        actor: requireActor(request),
        commandId: request.headers['idempotency-key'],
        expectedVersion: expectedVersionFrom(request.headers),
        context: { plan, isWorkingDay },
      })
      return sendCommandResult(reply, result, 201)
    },
  )

  app.post(
    '/tasks/:taskId/deadline-extensions',
    {
      schema: {
        tags: ['tasks'],
        summary: "Move a task's deadline (延期), within its plan period (the supervision office)",
        headers: CommandHeaders,
        params: TaskParams,
        body: ExtendTaskDeadline.shape.data.omit({ taskId: true }),
        response: { 201: CommandAccepted, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { taskId } = request.params
      const streamId = taskStreamId(taskId)
      const { state: task } = await loadState(ledger, taskDecider, streamId)
      const plan =
        task.status === 'unregistered'
          ? ({ status: 'unregistered' } as const)
          : (await loadState(ledger, planDecider, planStreamId(task.planId))).state
      const result = await handleCommand(ledger, taskDecider, {
        streamId,
        command: { type: 'ExtendTaskDeadline', data: { taskId, ...request.body } },
        actor: requireActor(request),
        commandId: request.headers['idempotency-key'],
        expectedVersion: expectedVersionFrom(request.headers),
        context: { plan, isWorkingDay },
      })
      return sendCommandResult(reply, result, 201)
    },
  )

  app.get(
    '/tasks/:taskId',
    {
      schema: {
        tags: ['tasks'],
        summary: 'A task with its full event history (task and assignment streams)',
        params: TaskParams,
        response: { 200: TaskWithHistory, ...queryProblems },
      },
    },
    async (request, reply) => {
      const { taskId } = request.params
      const { state: task, version } = await loadState(ledger, taskDecider, taskStreamId(taskId))
      if (task.status === 'unregistered') throw httpProblem('not-found', `task ${taskId} is not registered`)
      // The units the task was actually assigned to (the read models, caught up to this
      // moment), never a list recomputed from today's directory. A unit sees the task and its
      // own assignment, never another unit's.
      const assigned = readModels ?? notRunning()
      await assigned.catchUp()
      const units = assigned.unitsAssignedTo(taskId).filter((unitId) => maySeeUnit(request, unitId))
      const streams = [taskStreamId(taskId), ...units.map((unitId) => assignmentStreamId(taskId, unitId))]
      const events = (await Promise.all(streams.map((streamId) => store.readStream(streamId)))).flat()
      events.sort((a, b) => a.position - b.position)
      reply.header('etag', etag(version))
      return { version, task, history: events.map(({ prevHash: _prevHash, ...event }) => event) }
    },
  )
}

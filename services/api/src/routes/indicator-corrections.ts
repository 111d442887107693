/**
 * 实际值更正: the supervision office corrects a task's actual for a past period. The event is
 * recorded now and speaks of the period's last day (bitemporal), so a view "as recorded on" an
 * earlier date still shows the figure it replaced.
 */
import {
  CorrectIndicatorActual,
  Id,
  periodLastDay,
  planDecider,
  planStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { handleCommand, loadState } from '@duban/ledger'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { CommandHeaders, expectedVersionFrom } from '../http/command-headers'
import { CommandAccepted, sendCommandResult } from '../http/command-response'
import { commandProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'

const CorrectionParams = z.object({ taskId: Id, targetId: Id })
const CorrectionBody = CorrectIndicatorActual.shape.data.omit({ taskId: true, targetId: true })

export const indicatorCorrectionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { ledger }) => {
  app.post(
    '/tasks/:taskId/indicators/:targetId/corrections',
    {
      schema: {
        tags: ['tasks'],
        summary: "Correct a task's actual for a past period (实际值更正, the supervision office)",
        headers: CommandHeaders,
        params: CorrectionParams,
        body: CorrectionBody,
        response: { 201: CommandAccepted, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { taskId, targetId } = request.params
      const streamId = taskStreamId(taskId)
      const { state: task } = await loadState(ledger, taskDecider, streamId)
      const plan =
        task.status === 'unregistered'
          ? ({ status: 'unregistered' } as const)
          : (await loadState(ledger, planDecider, planStreamId(task.planId))).state
      const result = await handleCommand(ledger, taskDecider, {
        streamId,
        command: { type: 'CorrectIndicatorActual', data: { taskId, targetId, ...request.body } },
        actor: requireActor(request),
        commandId: request.headers['idempotency-key'],
        expectedVersion: expectedVersionFrom(request.headers),
        businessDate: periodLastDay(request.body.period),
        context: { plan },
      })
      return sendCommandResult(reply, result, 201)
    },
  )
}

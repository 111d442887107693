/** 行动计划: register a plan (once its draft is confirmed) and read it back. */
import { AmendPlanPeriod, Id, planDecider, planStreamId, RegisterPlan } from '@duban/domain'
import { handleCommand, loadState } from '@duban/ledger'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { CommandHeaders, etag, expectedVersionFrom } from '../http/command-headers'
import { CommandAccepted, sendCommandResult } from '../http/command-response'
import { httpProblem } from '../http/problem'
import { commandProblems, queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'

const PlanParams = z.object({ planId: Id })

export const planRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { ledger }) => {
  app.post(
    '/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Register a plan (立项)',
        headers: CommandHeaders,
        body: RegisterPlan.shape.data,
        response: { 201: CommandAccepted, ...commandProblems },
      },
    },
    async (request, reply) => {
      const result = await handleCommand(ledger, planDecider, {
        streamId: planStreamId(request.body.planId),
        command: { type: 'RegisterPlan', data: request.body },
        actor: requireActor(request),
        commandId: request.headers['idempotency-key'],
        expectedVersion: expectedVersionFrom(request.headers),
      })
      return sendCommandResult(reply, result, 201)
    },
  )

  app.post(
    '/plans/:planId/amendments',
    {
      schema: {
        tags: ['plans'],
        summary: 'Extend the plan period by a reasoned amendment (计划调整, the supervision office)',
        headers: CommandHeaders,
        params: PlanParams,
        body: AmendPlanPeriod.shape.data.omit({ planId: true }),
        response: { 201: CommandAccepted, ...commandProblems },
      },
    },
    async (request, reply) => {
      const { planId } = request.params
      const result = await handleCommand(ledger, planDecider, {
        streamId: planStreamId(planId),
        command: { type: 'AmendPlanPeriod', data: { planId, ...request.body } },
        actor: requireActor(request),
        commandId: request.headers['idempotency-key'],
        expectedVersion: expectedVersionFrom(request.headers),
      })
      return sendCommandResult(reply, result, 201)
    },
  )

  app.get(
    '/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary: 'A plan as registered',
        params: PlanParams,
        response: { 200: z.object({ version: z.number().int(), plan: z.unknown() }), ...queryProblems },
      },
    },
    async (request, reply) => {
      const { state, version } = await loadState(ledger, planDecider, planStreamId(request.params.planId))
      if (state.status === 'unregistered')
        throw httpProblem('not-found', `plan ${request.params.planId} is not registered`)
      reply.header('etag', etag(version))
      return { version, plan: state }
    },
  )
}

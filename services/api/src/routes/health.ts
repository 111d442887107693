import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { PROBLEM_CONTENT_TYPE, Problem, problem } from '../http/problem'

const LogStatus = z.object({
  integrity: z.enum(['ok', 'checking', 'broken']).describe('checking: the whole chain is being walked'),
  broken: z
    .object({ position: z.number().int(), problem: z.string(), eventId: z.string().optional() })
    .optional()
    .describe('Where the chain fails: writes are refused until the log is repaired'),
  anchor: z.object({ position: z.number().int(), where: z.string() }),
  fault: z
    .object({ reason: z.enum(['disk-full', 'io-error']), message: z.string(), since: z.string() })
    .optional()
    .describe('The last write failed for a machine reason and none has succeeded since'),
})

const Health = z.object({
  /** degraded: the server answers, but writes fail (a broken chain, a full disk). */
  status: z.enum(['ok', 'degraded']),
  log: LogStatus.optional(),
  /** The ledger's clock: the demo runs at a fixed date in the middle of the plan. */
  now: z.iso.datetime(),
  store: z.object({ kind: z.string(), headPosition: z.number().int() }),
  /**
   * This process's read models: the position every one has reached, and how far the slowest is
   * behind the log (0: a write through any process shows in this one's views).
   */
  readModels: z.object({ position: z.number().int(), lag: z.number().int() }).optional(),
  /** How far each read model is behind the log (head − checkpoint, in positions). */
  projections: z
    .array(
      z.object({
        name: z.string(),
        version: z.number().int(),
        checkpoint: z.number().int(),
        lag: z.number().int(),
      }),
    )
    .optional(),
  /** The dispatcher of this process: positions behind the log, messages owed, dead letters. */
  delivery: z
    .object({ lag: z.number().int(), pending: z.number().int(), deadLetters: z.number().int() })
    .optional(),
})

const Liveness = z.object({
  /** degraded: the server answers, but writes fail (a broken chain, a full disk); /health/ready says why. */
  status: z.enum(['ok', 'degraded']),
})

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { store, clock, storeKind, readModels, logGuard, delivery },
) => {
  const degraded = () => {
    const log = logGuard?.status()
    return log !== undefined && (log.integrity === 'broken' || log.fault !== undefined)
  }
  // Liveness answers from memory alone (the guard's last verdict): a probe hit every few seconds
  // on every replica, and under load, must cost next to nothing and never wait on the store.
  const live = { ok: JSON.stringify({ status: 'ok' }), degraded: JSON.stringify({ status: 'degraded' }) }
  app.get(
    '/health',
    {
      // Never shed: the operator must see the state of a server under load.
      config: { shed: false },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers; no I/O (the detail is /health/ready)',
        response: { 200: Liveness },
      },
    },
    // Sent as is: the schema's serializer is not needed for two fixed answers.
    async (_request, reply: FastifyReply) =>
      reply.type('application/json; charset=utf-8').send(degraded() ? live.degraded : live.ok),
  )

  app.get(
    '/health/ready',
    {
      config: { shed: false },
      schema: {
        tags: ['system'],
        summary:
          'Readiness and detail: the store answers (503 when not), the state of the log, read-model lag, delivery',
        response: { 200: Health, 503: Problem.describe('The store cannot be reached') },
      },
    },
    async (request, reply) => {
      let headPosition: number
      try {
        headPosition = await store.headPosition()
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: the store did not answer')
        reply.code(503).header('retry-after', '5').type(PROBLEM_CONTENT_TYPE)
        return {
          ...problem('storage-unavailable', '事件存储无法访问，服务暂不可用。'),
          instance: request.url,
        }
      }
      const projections = readModels ? await readModels.lag() : undefined
      const log = logGuard?.status()
      const dispatcher = delivery?.dispatcher ? await delivery.dispatcher.status() : undefined
      return {
        status: degraded() ? ('degraded' as const) : ('ok' as const),
        ...(log && { log }),
        now: clock.now().toISOString(),
        store: { kind: storeKind, headPosition },
        ...(readModels &&
          projections && {
            readModels: {
              position: readModels.readPosition(),
              lag: Math.max(0, ...projections.map((projection) => projection.lag)),
            },
            projections,
          }),
        ...(dispatcher && { delivery: dispatcher }),
      }
    },
  )
}

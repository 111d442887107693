import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'

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

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { store, clock, storeKind, readModels, logGuard, delivery },
) => {
  app.get(
    '/health',
    {
      // Never shed: the operator must see the state of a server under load.
      config: { shed: false },
      schema: { tags: ['system'], summary: 'Liveness and the state of the log', response: { 200: Health } },
    },
    async () => {
      const headPosition = await store.headPosition()
      const projections = readModels ? await readModels.lag() : undefined
      const log = logGuard?.status()
      const degraded = log !== undefined && (log.integrity === 'broken' || log.fault !== undefined)
      const dispatcher = delivery?.dispatcher ? await delivery.dispatcher.status() : undefined
      return {
        status: degraded ? ('degraded' as const) : ('ok' as const),
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

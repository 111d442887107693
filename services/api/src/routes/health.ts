import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'

const Health = z.object({
  status: z.literal('ok'),
  /** The ledger's clock: the demo runs at a fixed date in the middle of the plan. */
  now: z.iso.datetime(),
  store: z.object({ kind: z.string(), headPosition: z.number().int() }),
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
})

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { store, clock, storeKind, readModels },
) => {
  app.get(
    '/health',
    {
      schema: { tags: ['system'], summary: 'Liveness and the state of the log', response: { 200: Health } },
    },
    async () => ({
      status: 'ok' as const,
      now: clock.now().toISOString(),
      store: { kind: storeKind, headPosition: await store.headPosition() },
      ...(readModels ? { projections: await readModels.lag() } : {}),
    }),
  )
}

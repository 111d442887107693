/** The office imports a plan in the browser: text → draft (not yet events) → review → confirm. */
import { randomUUID } from 'node:crypto'
import { confirmPlans, DraftNotConfirmableError } from '@duban/ledger'
import { importPlans, PlanImportError } from '@duban/plan-import'
import { isWorkingDay } from '@duban/runtime'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { httpProblem } from '../http/problem'
import { requireActor } from '../plugins/actor'
import { pageContext } from './context'
import { draftPage, importPage } from './pages/import'
import type { WebDeps } from './unit-routes'

const page = { config: { page: true }, schema: { hide: true } }
const DraftParams = z.object({ draftId: z.uuid() })

export const importRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  const found = async (draftId: string) => {
    const stored = await deps.drafts.get(draftId)
    if (!stored) throw httpProblem('not-found', `no draft ${draftId}`)
    return stored
  }

  app.get('/w/office/import', page, async (request, reply) =>
    reply.type('text/html').send(importPage(pageContext(request, reply, deps)).value),
  )

  app.post('/w/office/import', { schema: { hide: true } }, async (request, reply) => {
    const { text } = z.object({ text: z.string().min(1) }).parse(request.body)
    try {
      const stored = await deps.drafts.create(randomUUID(), text, importPlans(text), deps.clock.now())
      return reply.redirect(`/w/office/drafts/${stored.id}`, 303)
    } catch (error) {
      if (error instanceof PlanImportError)
        throw httpProblem('domain-rule', error.message, { code: error.code })
      throw error
    }
  })

  app.get('/w/office/drafts/:draftId', page, async (request, reply) => {
    const stored = await found(DraftParams.parse(request.params).draftId)
    return reply.type('text/html').send(draftPage(pageContext(request, reply, deps), stored, undefined).value)
  })

  app.post('/w/office/drafts/:draftId/confirm', { schema: { hide: true } }, async (request, reply) => {
    const stored = await found(DraftParams.parse(request.params).draftId)
    if (!stored.confirmedAt) {
      try {
        const result = await confirmPlans(deps.ledger, {
          plans: stored.draft.plans,
          districtsAsOf: deps.districtsAsOf,
          actor: requireActor(request),
          confirmationId: `draft-${stored.id}`,
          isWorkingDay,
        })
        await deps.drafts.markConfirmed(stored.id, deps.clock.now(), { draftId: stored.id, ...result })
      } catch (error) {
        if (!(error instanceof DraftNotConfirmableError)) throw error
        const context = pageContext(request, reply, deps)
        return reply
          .code(422)
          .type('text/html')
          .send(draftPage(context, stored, error.message).value)
      }
    }
    return reply.redirect(`/w/office/drafts/${stored.id}`, 303)
  })
}

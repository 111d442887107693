/**
 * Plan import as the supervision office does it: post a document's text, get a draft with its
 * warnings, correct it, confirm. Only confirmation writes events, and confirming twice writes
 * nothing new.
 */
import { randomUUID } from 'node:crypto'
import { confirmPlans, DraftNotConfirmableError } from '@duban/ledger'
import { documentText, importPlans, PlanDraft, PlanImportError } from '@duban/plan-import'
import { isWorkingDay, type StoredDraft } from '@duban/runtime'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { CommandHeaders, etag, expectedVersionFrom } from '../http/command-headers'
import { httpProblem } from '../http/problem'
import { commandProblems, queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'

const DraftParams = z.object({ draftId: z.uuid() })

const DraftResource = z
  .object({
    id: z.string(),
    revision: z.number().int().describe('Bumped by every edit; also the ETag'),
    draft: PlanDraft,
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
  })
  .meta({ id: 'PlanDraftResource' })

const Confirmation = z
  .object({
    draftId: z.string(),
    plans: z.array(z.object({ planId: z.string(), tasks: z.number().int(), assignments: z.number().int() })),
    eventsWritten: z.number().int().describe('0 when the draft had been confirmed before'),
  })
  .meta({ id: 'PlanConfirmation' })

export const draftRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { drafts, ledger, clock, districtsAsOf },
) => {
  const requireSupervisionOffice = (request: FastifyRequest) => {
    if (!requireActor(request).roles?.includes('supervision_office')) {
      throw httpProblem('forbidden', 'only the supervision office (督查办) imports and confirms plans')
    }
  }
  const found = async (draftId: string) => {
    const stored = await drafts.get(draftId)
    if (!stored) throw httpProblem('not-found', `no draft ${draftId}`)
    return stored
  }
  const present = ({ confirmation: _confirmation, ...stored }: StoredDraft) => stored

  app.post(
    '/drafts',
    {
      schema: {
        tags: ['plans'],
        summary: 'Read a policy document into a plan draft (writes no events)',
        headers: CommandHeaders,
        body: z.union([
          z.strictObject({ text: z.string().describe('The document, as text') }),
          z.strictObject({
            file: z.base64().describe('The document file (.docx, .pdf, .html, .txt in UTF-8/GBK), base64'),
            fileName: z
              .string()
              .optional()
              .describe('Its name, e.g. plan.docx (the format is read from the content)'),
          }),
        ]),
        response: { 201: DraftResource, ...commandProblems },
      },
    },
    async (request, reply) => {
      requireSupervisionOffice(request)
      let draft: PlanDraft
      let text: string
      try {
        const body = request.body
        text =
          'file' in body
            ? (await documentText(new Uint8Array(Buffer.from(body.file, 'base64')), body.fileName)).text
            : body.text
        draft = importPlans(text)
      } catch (error) {
        if (error instanceof PlanImportError)
          throw httpProblem('domain-rule', error.message, { code: error.code })
        throw error
      }
      const stored = await drafts.create(randomUUID(), text, draft, clock.now())
      reply.code(201).header('etag', etag(stored.revision)).header('location', `/drafts/${stored.id}`)
      return present(stored)
    },
  )

  app.get(
    '/drafts/:draftId',
    {
      schema: {
        tags: ['plans'],
        summary: 'A plan draft',
        params: DraftParams,
        response: { 200: DraftResource, ...queryProblems },
      },
    },
    async (request, reply) => {
      const stored = await found(request.params.draftId)
      reply.header('etag', etag(stored.revision))
      return present(stored)
    },
  )

  app.put(
    '/drafts/:draftId',
    {
      schema: {
        tags: ['plans'],
        summary: 'Correct a draft: fix a unit or a target, drop or add an item (If-Match: the revision)',
        headers: CommandHeaders,
        params: DraftParams,
        body: PlanDraft,
        response: { 200: DraftResource, ...commandProblems },
      },
    },
    async (request, reply) => {
      requireSupervisionOffice(request)
      const stored = await found(request.params.draftId)
      if (stored.confirmedAt)
        throw httpProblem(
          'conflict',
          `draft ${stored.id} was confirmed on ${stored.confirmedAt}; it is frozen`,
        )
      const revision = expectedVersionFrom(request.headers) ?? stored.revision
      if (!(await drafts.update(stored.id, revision, request.body))) {
        throw httpProblem(
          'version-conflict',
          `draft ${stored.id} is at revision ${stored.revision}, not ${revision}`,
          {
            currentVersion: stored.revision,
          },
        )
      }
      const updated = await found(stored.id)
      reply.header('etag', etag(updated.revision))
      return present(updated)
    },
  )

  app.post(
    '/drafts/:draftId/confirm',
    {
      schema: {
        tags: ['plans'],
        summary: 'Confirm a draft: write its plan, task and assignment events (idempotent)',
        headers: CommandHeaders,
        params: DraftParams,
        response: { 200: Confirmation, ...commandProblems },
      },
    },
    async (request) => {
      requireSupervisionOffice(request)
      const stored = await found(request.params.draftId)
      if (stored.confirmedAt) return Confirmation.parse(stored.confirmation)
      try {
        const result = await confirmPlans(ledger, {
          plans: stored.draft.plans,
          districtsAsOf,
          actor: requireActor(request),
          confirmationId: `draft-${stored.id}`,
          isWorkingDay,
        })
        const confirmation = { draftId: stored.id, ...result }
        await drafts.markConfirmed(stored.id, clock.now(), confirmation)
        return confirmation
      } catch (error) {
        if (error instanceof DraftNotConfirmableError) {
          throw httpProblem('domain-rule', error.message, {
            unresolved: error.unresolved,
            invalid: error.invalid,
          })
        }
        throw error
      }
    },
  )
}

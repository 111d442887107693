/**
 * The office imports a plan in the browser: a file or pasted text → draft (not yet events) →
 * review and corrections → confirm. Every correction is one `applyDraftEdit` on the stored
 * draft (revision-checked); an alias the office confirms is remembered for the next import.
 */
import { randomUUID } from 'node:crypto'
import { confirmPlans, DraftNotConfirmableError } from '@duban/ledger'
import {
  applyDraftEdit,
  type Deadline,
  type DraftEdit,
  DraftEditError,
  documentText,
  importPlans,
  PlanImportError,
  resolveUnknownNames,
  unknownNames,
} from '@duban/plan-import'
import type { StoredDraft } from '@duban/runtime'
import { isWorkingDay } from '@duban/runtime'
import { CHONGQING_DISTRICT_GOVERNMENTS, type UnitDirectory } from '@duban/units'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { Upload } from '../attachments/upload'
import { httpProblem } from '../http/problem'
import { zhDraftNotConfirmable, zhPlanImport } from '../http/zh-cn'
import { requireActor } from '../plugins/actor'
import { memoryAliasBook } from './alias-book'
import { pageContext } from './context'
import { draftPage, importPage } from './pages/import'
import type { WebDeps } from './unit-routes'

const page = { config: { page: true }, schema: { hide: true } }
const DraftParams = z.object({ draftId: z.uuid() })
const Field = z.string().optional().default('')
/** A name a person types (a task's title, a unit's name as written): a line, not a document. */
const Name = z.string().max(500).optional().default('')
const split = (list: string) =>
  list
    .split(/[、,，;；\n]/)
    .map((name) => name.trim())
    .filter(Boolean)

export const importRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  const aliases = deps.aliases ?? memoryAliasBook()
  const directory = async (): Promise<UnitDirectory> => deps.units.withAliases(await aliases.list())
  const editContext = async () => ({
    units: await directory(),
    districtGroup: CHONGQING_DISTRICT_GOVERNMENTS,
  })

  const found = async (draftId: string) => {
    const stored = await deps.drafts.get(draftId)
    if (!stored) throw httpProblem('not-found', `no draft ${draftId}`)
    return stored
  }
  const showDraft = async (request: FastifyRequest, reply: FastifyReply, stored: StoredDraft) => {
    const units = (await directory()).all().filter((unit) => unit.kind !== 'group')
    return reply
      .type('text/html')
      .send(draftPage(pageContext(request, reply, deps), stored, units, unknownNames(stored.draft)).value)
  }
  /** Applies a correction to the stored draft; a bad one shows the page again with its message. */
  const edit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    change: (draft: StoredDraft) => Promise<StoredDraft['draft']>,
  ) => {
    const stored = await found(DraftParams.parse(request.params).draftId)
    if (stored.confirmedAt) throw httpProblem('conflict', `draft ${stored.id} was confirmed; it is frozen`)
    let next: StoredDraft['draft']
    try {
      next = await change(stored)
    } catch (error) {
      // The page again, with what was typed kept and the message beside the form (errors.ts).
      if (error instanceof DraftEditError)
        throw httpProblem('domain-rule', error.message, { detailZh: error.message })
      throw error
    }
    if (!(await deps.drafts.update(stored.id, stored.revision, next)))
      throw httpProblem('version-conflict', `draft ${stored.id} changed since it was read`, {
        detailZh: '草稿已被他人修改，请在最新版本上重新修改',
      })
    return reply.redirect(`/w/office/drafts/${stored.id}`, 303)
  }

  app.get('/w/office/import', page, async (request, reply) =>
    reply.type('text/html').send(importPage(pageContext(request, reply, deps)).value),
  )

  app.post('/w/office/import', { schema: { hide: true } }, async (request, reply) => {
    const body = z
      .object({ text: z.string().optional(), file: z.instanceof(Upload).or(z.literal('')).optional() })
      .parse(request.body)
    try {
      const text = body.file
        ? (await documentText(new Uint8Array(await body.file.bytes()), body.file.name)).text
        : (body.text ?? '')
      const draft = importPlans(text, {
        units: await directory(),
        districtGroup: CHONGQING_DISTRICT_GOVERNMENTS,
      })
      const stored = await deps.drafts.create(randomUUID(), text, draft, deps.clock.now())
      return reply.redirect(`/w/office/drafts/${stored.id}`, 303)
    } catch (error) {
      if (error instanceof PlanImportError)
        throw httpProblem(error.code === 'too_large' ? 'payload-too-large' : 'domain-rule', error.message, {
          detailZh: zhPlanImport[error.code] ?? error.message,
        })
      throw error
    }
  })

  app.get('/w/office/drafts/:draftId', page, async (request, reply) =>
    showDraft(request, reply, await found(DraftParams.parse(request.params).draftId)),
  )

  app.post('/w/office/drafts/:draftId/items', { schema: { hide: true } }, async (request, reply) => {
    const form = z
      .object({
        planId: z.string(),
        itemId: z.string(),
        action: z.enum(['save', 'drop']).default('save'),
        lead: Field,
        coUnits: Field,
        allDistricts: Field,
        due: Field,
        cadence: Field,
        targets: Field,
      })
      .parse(request.body)
    const change: DraftEdit =
      form.action === 'drop'
        ? { kind: 'drop', planId: form.planId, itemId: form.itemId }
        : {
            kind: 'item',
            planId: form.planId,
            itemId: form.itemId,
            lead: form.lead,
            coUnits: split(form.coUnits),
            allDistricts: form.allDistricts === '1',
            deadline:
              form.due || form.cadence
                ? { due: form.due || null, cadence: (form.cadence || null) as Deadline['cadence'] }
                : null,
            targets: form.targets
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          }
    return edit(request, reply, async (stored) => applyDraftEdit(stored.draft, change, await editContext()))
  })

  app.post('/w/office/drafts/:draftId/add', { schema: { hide: true } }, async (request, reply) => {
    const form = z.object({ planId: z.string(), title: Name, lead: Name, coUnits: Field }).parse(request.body)
    return edit(request, reply, async (stored) =>
      applyDraftEdit(
        stored.draft,
        {
          kind: 'add',
          planId: form.planId,
          title: form.title,
          lead: form.lead,
          coUnits: split(form.coUnits),
        },
        await editContext(),
      ),
    )
  })

  app.post('/w/office/drafts/:draftId/period', { schema: { hide: true } }, async (request, reply) => {
    const form = z
      .object({ planId: z.string(), from: z.coerce.number().int(), to: z.coerce.number().int() })
      .parse(request.body)
    return edit(request, reply, async (stored) =>
      applyDraftEdit(
        stored.draft,
        { kind: 'period', planId: form.planId, from: form.from, to: form.to },
        await editContext(),
      ),
    )
  })

  app.post('/w/office/drafts/:draftId/aliases', { schema: { hide: true } }, async (request, reply) => {
    const form = z.object({ name: z.string().min(1).max(500), unitId: z.string().min(1) }).parse(request.body)
    return edit(request, reply, async (stored) => {
      if (!deps.units.get(form.unitId)) throw new DraftEditError(`名录中没有单位 ${form.unitId}`)
      await aliases.remember({
        name: form.name,
        unitId: form.unitId,
        confirmedOn: deps.clock.now().toISOString().slice(0, 10),
        confirmedBy: requireActor(request).userId,
      })
      return resolveUnknownNames(stored.draft, await editContext())
    })
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
        throw httpProblem('domain-rule', error.message, { detailZh: zhDraftNotConfirmable(error) })
      }
    }
    return reply.redirect(`/w/office/drafts/${stored.id}`, 303)
  })
}

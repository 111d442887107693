/**
 * A bulletin's documents from the read models at a pinned moment, and the check that a published
 * one still regenerates byte for byte. The callers (API, CLI) read the bulletin's stream and
 * hand its state in; the rules of a pinned version are resolved through `Rules`.
 */
import { createHash } from 'node:crypto'
import { type BulletinState, conflict, notFound, type policy } from '@duban/domain'
import type { AsOf, Policies, ReadModels } from '@duban/read-models'
import { composeOffThread } from './compose-off-thread'
import {
  type BulletinContent,
  type BulletinFacts,
  type BulletinInput,
  composeBulletin,
  summaryOf,
} from './content'
import { renderBulletinDocx } from './render-docx'
import { renderBulletinHtml } from './render-html'

/** The ladder and working days of a version: the ones a bulletin was computed with. */
export interface Rules {
  ladder(version: string): policy.EscalationPolicy
  workingDays(calendarVersion: string): policy.WorkingDays
  /** The versions in force now, for a bulletin about to be published. */
  current: { ladderVersion: string; calendarVersion: string }
}

export interface BulletinDocuments {
  content: BulletinContent
  html: string
  docx: Buffer
  digests: { html: string; docx: string }
}

export interface Pin {
  asOf: { position: number; date: string }
  ladderVersion: string
  calendarVersion: string
}

type Drafted = Exclude<BulletinState, { status: 'none' }>

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * `offThread`: compose in a worker thread (`compose-off-thread.ts`) with its own read-only
 * connection to the read-model file, so the event loop of the caller (the API server) stays
 * free while a whole ledger is counted. The worker resolves the pinned versions with
 * `publishedRules()`, the rules the API publishes with. A `:memory:` read model has no file
 * to share, so it is always composed here.
 */
export async function bulletinDocuments(
  readModels: ReadModels,
  bulletin: Drafted,
  pin: Pin,
  rules: Rules,
  unitName: (unitId: string, date: string) => string,
  options: { offThread?: boolean } = {},
): Promise<BulletinDocuments> {
  const at: AsOf = readModels.pinned(pin.asOf.position, pin.asOf.date)
  if (options.offThread && readModels.file !== ':memory:') {
    // Names are the directory's (on this thread): the worker gets them for every unit assigned by then.
    const names = readModels
      .periodFacts(at)
      .units()
      .map((unitId): [string, string] => [unitId, unitName(unitId, pin.asOf.date)])
    return composeOffThread({ file: readModels.file, bulletin: bulletinInput(bulletin, pin), names })
  }
  const policies: Policies = {
    ladder: rules.ladder(pin.ladderVersion),
    workingDays: rules.workingDays(pin.calendarVersion),
  }
  return documentsFrom(readModels.periodFacts(at, policies), bulletinInput(bulletin, pin), (unitId) =>
    unitName(unitId, pin.asOf.date),
  )
}

/** What composing needs of a bulletin and its pin (plain data: it crosses to a worker). */
export function bulletinInput(bulletin: Drafted, pin: Pin): BulletinInput {
  return {
    bulletinId: bulletin.bulletinId,
    period: bulletin.period,
    ...(bulletin.planId ? { planId: bulletin.planId } : {}),
    text: bulletin.text,
    asOf: pin.asOf,
    ladderVersion: pin.ladderVersion,
    calendarVersion: pin.calendarVersion,
  }
}

/** Content, HTML, Word and their digests from the period facts at the bulletin's moment. */
export async function documentsFrom(
  facts: BulletinFacts,
  input: BulletinInput,
  unitName: (unitId: string) => string,
): Promise<BulletinDocuments> {
  const content = composeBulletin(facts, input, unitName)
  const html = renderBulletinHtml(content)
  const docx = await renderBulletinDocx(content)
  return { content, html, docx, digests: { html: sha256(html), docx: sha256(docx) } }
}

/** The pin of a published bulletin, or for a draft the moment asked (its preview, or its publication). */
export function pinOf(bulletin: Drafted, now: { position: number; date: string }, rules: Rules): Pin {
  if (bulletin.status === 'published' && bulletin.published) {
    const { asOf, ladderVersion, calendarVersion } = bulletin.published
    return { asOf, ladderVersion, calendarVersion }
  }
  return { asOf: now, ...rules.current }
}

/** What `PublishBulletin` records, from the documents as they are published. */
export function publication(bulletinId: string, pin: Pin, documents: BulletinDocuments) {
  return {
    bulletinId,
    asOf: pin.asOf,
    ladderVersion: pin.ladderVersion,
    calendarVersion: pin.calendarVersion,
    listedEscalations: documents.content.listed,
    summary: summaryOf(documents.content),
    digests: documents.digests,
  }
}

export interface Verification {
  bulletinId: string
  ok: boolean
  recorded: { html: string; docx: string }
  regenerated: { html: string; docx: string }
}

/** Regenerates a published bulletin from the log and compares its documents with the digests it was published with. */
export async function verifyBulletin(
  readModels: ReadModels,
  bulletin: BulletinState,
  rules: Rules,
  unitName: (unitId: string, date: string) => string,
  options: { offThread?: boolean } = {},
): Promise<Verification> {
  if (bulletin.status !== 'published' || !bulletin.published)
    throw bulletin.status === 'none'
      ? notFound('no such bulletin')
      : conflict(`bulletin ${bulletin.bulletinId} is not published: there is nothing to verify yet`)
  const pin = pinOf(bulletin, bulletin.published.asOf, rules)
  const documents = await bulletinDocuments(readModels, bulletin, pin, rules, unitName, options)
  const recorded = bulletin.published.digests
  return {
    bulletinId: bulletin.bulletinId,
    ok: recorded.html === documents.digests.html && recorded.docx === documents.digests.docx,
    recorded,
    regenerated: documents.digests,
  }
}

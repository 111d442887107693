/**
 * The supervision office's bulletin desk: draft, edit, publish, read, regenerate, verify — the
 * one path the API, the web pages and the CLI take. Commands go through the ledger's
 * `handleCommand` like every other command; documents come from the read models.
 */

import { businessDateOf } from '@duban/calendar/business-date'
import {
  type Actor,
  type BulletinPeriod,
  type BulletinState,
  type BulletinText,
  bulletinDecider,
  bulletinStreamId,
  notFound,
} from '@duban/domain'
import { handleCommand, type LedgerDeps, loadState } from '@duban/ledger'
import type { ReadModels } from '@duban/read-models'
import {
  type BulletinDocuments,
  bulletinDocuments,
  pinOf,
  publication,
  type Rules,
  type Verification,
  verifyBulletin,
} from './documents'

export interface DeskDeps {
  ledger: LedgerDeps
  readModels: ReadModels
  rules: Rules
  /** A unit's name as of a date (the directory keeps renames). */
  unitName: (unitId: string, date: string) => string
  /**
   * Compose documents in a worker thread (`bulletinDocuments`' `offThread`): a server's choice,
   * so a bulletin being composed does not hold the event loop that answers every other request.
   */
  offThread?: boolean
}

type Drafted = Exclude<BulletinState, { status: 'none' }>

/** Published bulletins never change: their documents are kept once rendered (a few of them). */
const KEPT = 16

export class BulletinDesk {
  private readonly published = new Map<string, BulletinDocuments>()

  private readonly options: { offThread?: boolean }

  constructor(private readonly deps: DeskDeps) {
    this.options = deps.offThread ? { offThread: true } : {}
  }

  private keep(bulletinId: string, documents: BulletinDocuments): void {
    this.published.delete(bulletinId)
    this.published.set(bulletinId, documents)
    if (this.published.size > KEPT) this.published.delete(this.published.keys().next().value ?? '')
  }

  async draft(
    actor: Actor,
    data: { bulletinId: string; period: BulletinPeriod; planId?: string; text: BulletinText },
  ) {
    const result = await handleCommand(this.deps.ledger, bulletinDecider, {
      streamId: bulletinStreamId(data.bulletinId),
      command: { type: 'DraftBulletin', data },
      actor,
    })
    await this.deps.readModels.catchUp()
    return result
  }

  async edit(actor: Actor, bulletinId: string, text: BulletinText) {
    const result = await handleCommand(this.deps.ledger, bulletinDecider, {
      streamId: bulletinStreamId(bulletinId),
      command: { type: 'EditBulletin', data: { bulletinId, text } },
      actor,
    })
    await this.deps.readModels.catchUp()
    return result
  }

  /**
   * Publishes at the read models' position once caught up, on today's business date: the
   * documents are rendered there, and the event records that pin, the escalations listed, the
   * summary and the documents' digests.
   */
  async publish(actor: Actor, bulletinId: string) {
    const bulletin = await this.require(bulletinId)
    const { readModels, rules, ledger } = this.deps
    await readModels.catchUp()
    const now = { position: readModels.readPosition(), date: businessDateOf(ledger.clock.now()) }
    const pin = pinOf(bulletin, now, rules)
    const documents = await bulletinDocuments(
      readModels,
      bulletin,
      pin,
      rules,
      this.deps.unitName,
      this.options,
    )
    const result = await handleCommand(ledger, bulletinDecider, {
      streamId: bulletinStreamId(bulletinId),
      command: { type: 'PublishBulletin', data: publication(bulletinId, pin, documents) },
      actor,
    })
    await readModels.catchUp()
    this.keep(bulletinId, documents)
    return { result, documents }
  }

  async get(bulletinId: string): Promise<BulletinState> {
    return (await loadState(this.deps.ledger, bulletinDecider, bulletinStreamId(bulletinId))).state
  }

  async require(bulletinId: string): Promise<Drafted> {
    const state = await this.get(bulletinId)
    if (state.status === 'none') throw notFound(`no bulletin ${bulletinId}`)
    return state
  }

  /**
   * A published bulletin as published (rendered once, then kept: composing a whole ledger's
   * bulletin takes seconds); a draft as it would read now (a preview).
   */
  async documents(bulletinId: string): Promise<BulletinDocuments & { bulletin: Drafted }> {
    const bulletin = await this.require(bulletinId)
    const kept = this.published.get(bulletinId)
    if (bulletin.status === 'published' && kept && kept.digests.docx === bulletin.published?.digests.docx)
      return { bulletin, ...kept }
    const { readModels, rules, ledger } = this.deps
    await readModels.catchUp()
    const now = { position: readModels.readPosition(), date: businessDateOf(ledger.clock.now()) }
    const documents = await bulletinDocuments(
      readModels,
      bulletin,
      pinOf(bulletin, now, rules),
      rules,
      this.deps.unitName,
      this.options,
    )
    if (bulletin.status === 'published') this.keep(bulletinId, documents)
    return { bulletin, ...documents }
  }

  async verify(bulletinId: string): Promise<Verification> {
    const bulletin = await this.require(bulletinId)
    await this.deps.readModels.catchUp()
    return verifyBulletin(this.deps.readModels, bulletin, this.deps.rules, this.deps.unitName, this.options)
  }
}

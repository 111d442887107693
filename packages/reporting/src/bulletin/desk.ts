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
}

type Drafted = Exclude<BulletinState, { status: 'none' }>

export class BulletinDesk {
  constructor(private readonly deps: DeskDeps) {}

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
    const documents = await bulletinDocuments(readModels, bulletin, pin, rules, this.deps.unitName)
    const result = await handleCommand(ledger, bulletinDecider, {
      streamId: bulletinStreamId(bulletinId),
      command: { type: 'PublishBulletin', data: publication(bulletinId, pin, documents) },
      actor,
    })
    await readModels.catchUp()
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

  /** A published bulletin as published; a draft as it would read now (a preview). */
  async documents(bulletinId: string): Promise<BulletinDocuments & { bulletin: Drafted }> {
    const bulletin = await this.require(bulletinId)
    const { readModels, rules, ledger } = this.deps
    await readModels.catchUp()
    const pin = pinOf(
      bulletin,
      { position: readModels.readPosition(), date: businessDateOf(ledger.clock.now()) },
      rules,
    )
    return { bulletin, ...(await bulletinDocuments(readModels, bulletin, pin, rules, this.deps.unitName)) }
  }

  async verify(bulletinId: string): Promise<Verification> {
    const bulletin = await this.require(bulletinId)
    await this.deps.readModels.catchUp()
    return verifyBulletin(this.deps.readModels, bulletin, this.deps.rules, this.deps.unitName)
  }
}

import { z } from 'zod'
import { type DomainEventOf, defineEvent } from '../event-schema'
import { BusinessDate } from '../schemas'
import { DraftBulletin, EditBulletin, PublishBulletin } from './commands'

/** 通报起草: a bulletin for a period, with the office's text. */
export const BulletinDrafted = defineEvent('BulletinDrafted', DraftBulletin.shape.data)

/** 通报修改: the text as the office left it (the whole text, not a diff). */
export const BulletinEdited = defineEvent('BulletinEdited', EditBulletin.shape.data)

/** 通报印发: published, pinned to a log position and the rule versions its figures came from. */
export const BulletinPublished = defineEvent(
  'BulletinPublished',
  PublishBulletin.shape.data.extend({ publishedOn: BusinessDate, publishedBy: z.string().min(1).max(200) }),
)

export const bulletinEvents = [BulletinDrafted, BulletinEdited, BulletinPublished] as const
export type BulletinEvent = DomainEventOf<(typeof bulletinEvents)[number]>

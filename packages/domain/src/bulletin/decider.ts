import { businessDateOf } from '@duban/calendar/business-date'
import type { Decider } from '../decider'
import { conflict, invalid, notFound } from '../errors'
import { requireSupervisionOffice } from '../guards'
import type { BulletinCommand, BulletinPeriod, BulletinText } from './commands'
import type { BulletinEvent } from './events'

type Published = Extract<BulletinEvent, { type: 'BulletinPublished' }>['data']

export type BulletinState =
  | { status: 'none' }
  | {
      status: 'draft' | 'published'
      bulletinId: string
      period: BulletinPeriod
      planId?: string
      text: BulletinText
      published?: Published
    }

export const bulletinDecider: Decider<BulletinState, BulletinCommand, BulletinEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state, context) {
    switch (command.type) {
      case 'DraftBulletin':
        requireSupervisionOffice(context, 'draft a bulletin')
        if (state.status !== 'none') throw conflict(`bulletin ${state.bulletinId} already exists`)
        return [{ type: 'BulletinDrafted', data: command.data }]
      case 'EditBulletin':
        requireSupervisionOffice(context, 'edit a bulletin')
        if (state.status === 'none') throw notFound(`no bulletin ${command.data.bulletinId}`)
        if (state.status === 'published')
          throw conflict(`bulletin ${state.bulletinId} is published: its text can no longer change`)
        return [{ type: 'BulletinEdited', data: command.data }]
      case 'PublishBulletin': {
        requireSupervisionOffice(context, 'publish a bulletin')
        if (state.status === 'none') throw notFound(`no bulletin ${command.data.bulletinId}`)
        if (state.status === 'published') throw conflict(`bulletin ${state.bulletinId} is already published`)
        const today = businessDateOf(context.now)
        if (command.data.asOf.date > today)
          throw invalid(`a bulletin cannot stand at ${command.data.asOf.date}, after today (${today})`)
        if (command.data.asOf.date < state.period.from)
          throw invalid(
            `a bulletin for ${state.period.from}—${state.period.to} cannot be published before it starts`,
          )
        return [
          {
            type: 'BulletinPublished',
            data: { ...command.data, publishedOn: today, publishedBy: context.actor.userId },
          },
        ]
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'BulletinDrafted':
        return {
          status: 'draft',
          bulletinId: event.data.bulletinId,
          period: event.data.period,
          ...(event.data.planId ? { planId: event.data.planId } : {}),
          text: event.data.text,
        }
      case 'BulletinEdited':
        return state.status === 'none' ? state : { ...state, text: event.data.text }
      case 'BulletinPublished':
        return state.status === 'none' ? state : { ...state, status: 'published', published: event.data }
      default:
        return state
    }
  },
}

/** Every event definition of the domain, for the API to encode new events and decode stored ones. */
import { accountEvents } from './account/events'
import { assignmentEvents } from './assignment/events'
import { bulletinEvents } from './bulletin/events'
import { EventRegistry } from './event-schema'
import { planEvents } from './plan/events'
import { taskEvents } from './task/events'

export const domainEvents = new EventRegistry([
  ...planEvents,
  ...taskEvents,
  ...assignmentEvents,
  ...bulletinEvents,
  ...accountEvents,
])

export type DomainEvent = Parameters<typeof domainEvents.encode>[0]

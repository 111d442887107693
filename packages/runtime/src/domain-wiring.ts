import { domainEvents } from '@duban/domain'
import type { EventSchemas } from '@duban/ledger'

/** The domain's event registry, as the ledger's codec reads it. */
export const domainEventSchemas: EventSchemas = domainEvents

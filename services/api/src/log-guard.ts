/**
 * The API's log guard: the anchor where the store is (a file beside the SQLite log, a table on
 * PostgreSQL), checked before the server listens. See @duban/eventstore's `openLogGuard`.
 */
import {
  anchorFileOf,
  type EventStore,
  fileAnchorStore,
  type LogGuard,
  openLogGuard,
  postgresAnchorStore,
  type StoreLocation,
} from '@duban/eventstore'
import type { Logger } from 'pino'

export async function openApiLogGuard(
  location: Pick<StoreLocation, 'kind' | 'url' | 'display' | 'file'>,
  store: EventStore,
  logger?: Logger,
): Promise<LogGuard> {
  if (location.kind === 'postgres') {
    const anchors = postgresAnchorStore(location.url, location.display)
    const guard = await openLogGuard(store, anchors, logger ? { logger } : {})
    return {
      ...guard,
      store: guard.store,
      status: guard.status,
      fullCheck: guard.fullCheck,
      async close() {
        await guard.close()
        await anchors.close()
      },
    }
  }
  if (!location.file) throw new Error(`no log file in ${location.display}`)
  return openLogGuard(store, fileAnchorStore(anchorFileOf(location.file)), logger ? { logger } : {})
}

/**
 * The shared contract against a real EventStoreDB. No server can be installed on the project's
 * machines and no fake stands in for one: without ESDB_CONNECTION_STRING the suite is skipped,
 * and tap counts it as skipped, not passed.
 */

import { eventStoreContract } from '@duban/eventstore/contract-suite'
import t from 'tap'
import { openEsdbEventStore } from './esdb-store'

const connectionString = process.env['ESDB_CONNECTION_STRING']

if (connectionString) {
  eventStoreContract(t, 'eventstoredb', async () => {
    const store = await openEsdbEventStore({ connectionString, pollIntervalMs: 50 })
    return { store, cleanup: () => store.close() }
  })
} else {
  t.test(
    'eventstoredb: the shared contract suite',
    {
      skip: 'ESDB_CONNECTION_STRING not set: this adapter is tested only against a live EventStoreDB server (e.g. esdb://127.0.0.1:2113?tls=false)',
    },
    () => undefined,
  )
}

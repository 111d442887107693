import t from 'tap'
import { eventStoreContract } from '../contract-suite'
import { openPostgresEventStore } from './postgres-store'
import { startTestPostgres } from './testing'

const server = await startTestPostgres()
t.teardown(() => server.stop())

eventStoreContract(t, 'postgres', async () => {
  const store = await openPostgresEventStore({
    connectionString: await server.createDatabase(),
    pollIntervalMs: 50,
  })
  return { store, cleanup: () => store.close() }
})

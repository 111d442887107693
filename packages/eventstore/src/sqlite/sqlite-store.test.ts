import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { eventStoreContract } from '../contract-suite'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))
let files = 0

eventStoreContract(t, 'sqlite', async () => {
  const store = openSqliteEventStore({ file: join(directory, `contract-${++files}.db`), pollIntervalMs: 50 })
  return { store, cleanup: () => store.close() }
})

import t from 'tap'
import { eventStoreContract } from '../contract-suite'
import { openMemoryEventStore } from './memory-store'

eventStoreContract(t, 'memory', async () => {
  const store = openMemoryEventStore()
  return { store, cleanup: () => store.close() }
})

// Catches every read model up from a store file into a read-model file, printing each committed
// position, until the parent test kills it with SIGKILL somewhere along the way.
import { latestCalendar } from '@duban/calendar'
import { openSqliteEventStore } from '@duban/eventstore'
import { ReadModels } from '../read-models'

const [storeFile, modelFile] = process.argv.slice(2)
if (!storeFile || !modelFile) throw new Error('usage: crash-child.ts <store file> <read-model file>')
const store = openSqliteEventStore({ file: storeFile })
const models = new ReadModels({
  file: modelFile,
  store,
  workingDays: latestCalendar(),
  today: () => '2023-06-30',
  batchSize: 150,
  // Three batches per commit: the kill also lands between the batches of one transaction.
  eventsPerCommit: 450,
})
await models.catchUp({ onProgress: ({ position }) => process.stdout.write(`${position}\n`) })
await models.close()
await store.close()

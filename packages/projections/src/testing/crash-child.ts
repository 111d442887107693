// Catches the example projections up from a store file into a read-model file, printing each
// committed position, until the parent test kills it with SIGKILL somewhere along the way.
import { ProjectionRunner } from '../runner'
import { exampleProjections } from './example-projections'
import { openStore } from './fixture'

const [storeFile, modelFile] = process.argv.slice(2)
if (!storeFile || !modelFile) throw new Error('usage: crash-child.ts <store file> <read-model file>')
const store = openStore(storeFile)
// Three batches per commit: the kill also lands between the batches of one transaction.
const runner = ProjectionRunner.open(modelFile, {
  store,
  projections: exampleProjections,
  batchSize: 100,
  eventsPerCommit: 300,
})
await runner.catchUp({ onProgress: ({ position }) => process.stdout.write(`${position}\n`) })
await runner.close()
await store.close()

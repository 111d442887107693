/**
 * Child process of the kill -9 test (`sqlite-durability.test.ts`): appends without end, in
 * concurrent waves so group commit is exercised, and prints each command id once its append
 * is acknowledged. Usage: node --import tsx crash-writer.ts <database file>
 */
import { openSqliteEventStore } from './sqlite-store'

const file = process.argv[2]
if (!file) throw new Error('usage: crash-writer.ts <database file>')
// Checkpoints every few milliseconds: the kill lands while the checkpoint thread copies WAL pages too.
const store = openSqliteEventStore({ file, checkpointIntervalMs: 5 })
const STREAMS = 20
const WAVE = 8
const versions = new Array<number>(STREAMS).fill(0)

for (let wave = 0; ; wave++) {
  const appends = Array.from({ length: WAVE }, (_, slot) => {
    const stream = (wave * WAVE + slot) % STREAMS
    const commandId = `crash-${wave}-${slot}`
    const expectedVersion = versions[stream] || 'no_stream'
    versions[stream] = versions[stream]! + 1
    const metadata = {
      actor: 'user:crash-writer',
      unit: null,
      commandId,
      correlationId: commandId,
      causationId: commandId,
      recordedAt: new Date().toISOString(),
    }
    return store
      .append(
        `crash-stream-${stream}`,
        [{ type: 'Written', schemaVersion: 1, data: { wave, slot }, metadata }],
        {
          expectedVersion,
        },
      )
      .then(() => process.stdout.write(`${commandId}\n`))
  })
  await Promise.all(appends)
}

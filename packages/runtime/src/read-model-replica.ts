/**
 * Each API process keeps its read models in its own `readmodels.sqlite`: a disposable replica of
 * the log, caught up at start and following every append (of any process) after. Reads are
 * local and fast; the price is that every process replays the log itself.
 *
 * A replica is only good for the log it followed. One that followed another store (the store
 * URL changed) or stands beyond the log's head (an older log restored) is deleted and rebuilt
 * from the log, rather than serve rows of events that are not there.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { EventStore } from '@duban/eventstore'
import type { Clock } from '@duban/ledger'
import type { ReadModels } from '@duban/read-models'
import type { Config } from './config'
import { openEmbeddedReadModels, readModelFile } from './embedded'

/**
 * Events per read from a server store: each read there is a round trip and a high-water-mark
 * query, so a replica catching up reads bigger pages than from a local SQLite file (the runner's
 * 1,000). At most two pages are held: a few MB. 5,000 read fastest (`pnpm bench postgres`).
 */
export const SERVER_STORE_BATCH = 5_000

export async function openReadModelReplica(
  config: Pick<Config, 'dataDir' | 'store'>,
  store: EventStore,
  clock: Clock,
  onRebuild: (reason: string) => void = () => {},
): Promise<ReadModels> {
  mkdirSync(config.dataDir, { recursive: true })
  const file = readModelFile(config)
  const sourceFile = `${file}.source`
  const followed = existsSync(sourceFile) ? readFileSync(sourceFile, 'utf8') : undefined
  let reason =
    followed !== undefined && followed !== config.store.display
      ? `the read models followed ${followed}, not ${config.store.display}`
      : undefined
  const options = config.store.kind === 'sqlite' ? {} : { batchSize: SERVER_STORE_BATCH }
  let models = reason ? undefined : openEmbeddedReadModels(config, store, clock, options)
  if (models) {
    const [position, head] = [models.readPosition(), await store.headPosition()]
    if (position > head) {
      reason = `the read models stand at position ${position}, beyond the log's head ${head}`
      await models.close()
      models = undefined
    }
  }
  if (reason) {
    onRebuild(reason)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    models = openEmbeddedReadModels(config, store, clock, options)
  }
  writeFileSync(sourceFile, config.store.display)
  return models!
}

import { type ReadModels, ViewError } from '@duban/read-models'
import { openEmbeddedReadModels } from '@duban/runtime'
import { CliError } from './cli-error'
import { configFromEnv, openExistingLedger } from './ledger-from-env'
import { progressBar } from './progress'

/**
 * Opens the log and its read models under DUBAN_DATA_DIR and brings the read models up to the
 * log's head (a progress bar on stderr when there is much to read), then runs `use`. "Today" is
 * the ledger's clock, or `now` (the CLI's `--now`).
 */
export async function withReadModels<T>(use: (models: ReadModels) => Promise<T>, now?: string): Promise<T> {
  const ledger = openExistingLedger(now)
  const models = openEmbeddedReadModels(configFromEnv(), ledger.store, ledger.ledger.clock)
  try {
    const behind = (await ledger.store.headPosition()) - models.readPosition()
    const progress = progressBar('reading the log', behind > 20_000 ? await ledger.store.headPosition() : 0)
    await models.catchUp({ onProgress: ({ position }) => progress.update(position) })
    progress.stop()
    return await use(models)
  } catch (error) {
    // A bad date, a position beyond the log, an unknown plan: one clear line, exit 2.
    if (error instanceof ViewError) throw new CliError(error.message)
    throw error
  } finally {
    await models.close()
    await ledger.close()
  }
}

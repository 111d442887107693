/**
 * The read models a command reads (`show`, `export`, `bulletin`, `replay`): a local replica of the
 * log, caught up before the command runs, as each API process keeps one (`openReadModelReplica`).
 * The embedded log's replica is the server's own `readmodels.sqlite` in DUBAN_DATA_DIR; any other
 * store's (a PostgreSQL server's) lives apart in `DUBAN_DATA_DIR/replicas/<store>/`, so the CLI
 * never shares, or deletes, the file of a server process on the same machine. It persists: the
 * next command reads only what was appended since.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { type ReadModels, ViewError } from '@duban/read-models'
import { openReadModelReplica } from '@duban/runtime'
import { CliError } from './cli-error'
import { type CliLedger, openLedger, type StoreChoice } from './ledger-from-env'
import { progressBar } from './progress'

/** Behind by more than this, the catch-up says so on stderr (a bar on a terminal, else a line). */
const LONG_CATCH_UP = 20_000

/**
 * Opens the store and its replica, brings the replica up to the log's head, then runs `use`.
 * "Today" is the ledger's clock, or `--now`.
 */
export async function withReadModels<T>(
  use: (models: ReadModels, ledger: CliLedger) => Promise<T>,
  choice: StoreChoice = {},
): Promise<T> {
  const ledger = await openLedger(choice)
  let models: ReadModels | undefined
  try {
    models = await openReadModelReplica(
      { dataDir: replicaDir(ledger), store: ledger.location },
      ledger.store,
      ledger.ledger.clock,
      (reason) => process.stderr.write(`duban: rebuilding the local read models: ${reason}\n`),
    )
    const head = await ledger.store.headPosition()
    const behind = head - models.readPosition()
    if (behind > LONG_CATCH_UP && !process.stderr.isTTY) {
      process.stderr.write(
        `duban: catching up the local read models with ${ledger.location.display}: ${behind} events\n`,
      )
    }
    const progress = progressBar('reading the log', behind > LONG_CATCH_UP ? head : 0)
    await models.catchUp({ onProgress: ({ position }) => progress.update(position) })
    progress.stop()
    return await use(models, ledger)
  } catch (error) {
    // A bad date, a position beyond the log, an unknown plan: one clear line, exit 2.
    if (error instanceof ViewError) throw new CliError(error.message)
    throw error
  } finally {
    await models?.close()
    await ledger.close()
  }
}

function replicaDir(ledger: CliLedger): string {
  if (ledger.embedded) return ledger.dataDir
  const key = createHash('sha256').update(ledger.location.display).digest('hex').slice(0, 12)
  return path.join(ledger.dataDir, 'replicas', `${ledger.location.kind}-${key}`)
}

/**
 * `duban verify`: walks the whole log and checks every hash link and stream version.
 * Exits 1 naming the first broken event, so it can guard backups and migrations in scripts.
 */
import { verifyLog } from '@duban/eventstore'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { openExistingLedger } from '../ledger-from-env'
import { progressBar } from '../progress'

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check the hash chain and stream versions of the whole event log')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const ledger = openExistingLedger()
      const { store, file } = ledger
      try {
        const progress = progressBar('verifying', await store.headPosition())
        const result = await verifyLog(store, { onProgress: ({ position }) => progress.update(position) })
        progress.stop()
        if (options.json) process.stdout.write(`${JSON.stringify({ file, ...result })}\n`)
        if (!result.ok) {
          const where = `event ${result.eventId} at position ${result.position} (stream ${result.streamId})`
          throw new CliError(`verify FAILED: ${where}: ${result.problem}`, 1)
        }
        if (!options.json) {
          process.stdout.write(
            `verify ok: ${result.events} events in ${result.streams} streams, hash chain intact\n` +
              `  log: ${file}\n  head hash: ${result.headHash}\n`,
          )
        }
      } finally {
        await ledger.close()
      }
    })
}

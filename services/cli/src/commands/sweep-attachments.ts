/**
 * `duban sweep-attachments`: deletes the evidence files no event cites that nobody has stored or
 * checked for the grace (default 24 h) — files of refused reports, and files uploaded over the
 * API and never cited. A refused report leaves its files (another report may cite the same
 * bytes); this is the only thing that deletes one (`sweepAttachments` of @duban/runtime says how
 * it never takes a cited file). Safe to run while the server runs, e.g. nightly from cron.
 */
import { openAttachmentStoreAt, SWEEP_GRACE_MS, sweepAttachments } from '@duban/runtime'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { openLedger, type StoreChoice, storeUrlOption } from '../ledger-from-env'

export function sweepAttachmentsCommand(program: Command): void {
  storeUrlOption(program.command('sweep-attachments'))
    .description('delete evidence files no event cites, untouched for the grace (default 24 hours)')
    .option(
      '--grace-hours <hours>',
      'keep files stored or checked more recently than this',
      String(SWEEP_GRACE_MS / 3_600_000),
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: StoreChoice & { graceHours: string; json?: boolean }) => {
      const hours = Number(options.graceHours)
      if (!Number.isFinite(hours) || hours < 1)
        throw new CliError(`--grace-hours must be a number of hours, at least 1; got ${options.graceHours}`)
      const ledger = await openLedger(options)
      const files = await openAttachmentStoreAt(ledger.location).catch(async (error) => {
        await ledger.close()
        throw error
      })
      try {
        if (!files) throw new CliError(`${ledger.location.display} keeps no attachments`)
        // The system clock, never the ledger's (`--now`, a demo's standing clock): touched times
        // are the file system's and the database's.
        const swept = await sweepAttachments(files.store, ledger.store, {
          now: new Date(),
          graceMs: hours * 3_600_000,
        })
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ attachments: files.display, graceHours: hours, ...swept })}\n`
            : `sweep-attachments: ${swept.removed.length} of ${swept.untouched} files untouched for ${hours} h removed ` +
                `(no event cites them)\n  attachments: ${files.display}\n`,
        )
      } finally {
        await files?.close()
        await ledger.close()
      }
    })
}

/**
 * `duban verify`: walks the whole log and checks every hash link and stream version.
 * Exits 1 naming the first broken event, so it can guard backups and migrations in scripts.
 * `--rules` also checks the accountability rules (`LEDGER_RULES` of @duban/scheduling) by
 * reading the log: exit 1 when any event breaks one, each rule with its count and examples.
 */
import { latestCalendar } from '@duban/calendar'
import { verifyLog } from '@duban/eventstore'
import { checkLedgerRules, type RulesReport } from '@duban/scheduling'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { openExistingLedger } from '../ledger-from-env'
import { progressBar } from '../progress'

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check the hash chain and stream versions of the whole event log')
    .option('--json', 'print the result as JSON')
    .option('--rules', 'also check the accountability rules (ladder timing, fairness) on every event')
    .action(async (options: { json?: boolean; rules?: boolean }) => {
      const ledger = openExistingLedger()
      const { store, file } = ledger
      try {
        const progress = progressBar('verifying', await store.headPosition())
        const result = await verifyLog(store, { onProgress: ({ position }) => progress.update(position) })
        progress.stop()
        const rules = options.rules ? await checkLedgerRules(store, { calendar: latestCalendar() }) : null
        if (options.json)
          process.stdout.write(`${JSON.stringify({ file, ...result, ...(rules && { rules }) })}\n`)
        if (!result.ok) {
          const where = `event ${result.eventId} at position ${result.position} (stream ${result.streamId})`
          throw new CliError(`verify FAILED: ${where}: ${result.problem}`, 1)
        }
        if (!options.json) {
          process.stdout.write(
            `verify ok: ${result.events} events in ${result.streams} streams, hash chain intact\n` +
              `  log: ${file}\n  head hash: ${result.headHash}\n`,
          )
          if (rules) process.stdout.write(formatRules(rules))
        }
        const broken = rules?.rules.filter((r) => r.violations > 0) ?? []
        if (broken.length > 0) {
          throw new CliError(
            `rules FAILED: ${broken.map((r) => `${r.name} (${r.violations})`).join(', ')}`,
            1,
          )
        }
      } finally {
        await ledger.close()
      }
    })
}

function formatRules(report: RulesReport): string {
  const lines = [`rules: ${report.events} events checked`]
  for (const rule of report.rules) {
    lines.push(
      `  ${rule.violations === 0 ? 'ok  ' : 'FAIL'} ${rule.name}: ${rule.violations} — ${rule.because.en}`,
    )
    for (const v of rule.examples) lines.push(`         ${v.day} ${v.streamId} @${v.position}: ${v.detail}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * `duban simulate --from D --to D --seed N [--json]`: the two example plans through a simulated
 * clock with a seeded behaviour model, on the production deciders and scheduler, in memory.
 * Prints what happened (reports, reminders, notices, escalations, closings) and the lights by
 * unit; the same seed prints the same summary. Writes nothing to the ledger.
 */
import { latestCalendar } from '@duban/calendar'
import { formatSummary, simulate } from '@duban/simulation'
import type { Command } from 'commander'
import { CliError } from '../cli-error'

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function simulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run the example plans day by day on a simulated clock (in memory; writes nothing)')
    .option('--from <date>', 'first business day, YYYY-MM-DD', '2022-10-01')
    .option('--to <date>', 'last business day, YYYY-MM-DD', '2024-12-31')
    .option('--seed <n>', 'seed of the behaviour model (an integer)', '1')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { from: string; to: string; seed: string; json?: boolean }) => {
      const { from, to } = options
      for (const [name, value] of [
        ['--from', from],
        ['--to', to],
      ] as const) {
        if (
          !DATE.test(value) ||
          Number.isNaN(Date.parse(value)) ||
          new Date(value).toISOString().slice(0, 10) !== value
        ) {
          throw new CliError(`${name} must be a date as YYYY-MM-DD, got ${value}`)
        }
      }
      if (from > to) throw new CliError(`--from ${from} is after --to ${to}`)
      const coverage = latestCalendar().coverage
      if (from < coverage.from || to > coverage.to) {
        throw new CliError(
          `the working-day calendar covers ${coverage.from} to ${coverage.to}; simulate within it`,
        )
      }
      if (!/^-?\d+$/.test(options.seed)) throw new CliError(`--seed must be an integer, got ${options.seed}`)
      const started = performance.now()
      const { summary, store } = await simulate({ from, to, seed: Number(options.seed) })
      await store.close()
      process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary))
      process.stderr.write(`simulated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    })
}

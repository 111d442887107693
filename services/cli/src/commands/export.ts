/**
 * `duban export ledger [--plan ID] [--as-of DATE] --format xlsx --out FILE`: the 台账 as Excel,
 * streamed to the file (a sheet per plan, indicators, escalations), as of any date.
 */
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { exportLedgerXlsx } from '@duban/reporting'
import { loadChongqingUnits } from '@duban/units'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { storeUrlOption } from '../ledger-from-env'
import { withReadModels } from '../read-models-from-env'

const units = loadChongqingUnits()

export function exportCommand(program: Command): void {
  const ledger = program.command('export').description('台账: export the ledger').command('ledger')
  storeUrlOption(ledger)
    .description('the ledger as Excel: a sheet per plan (task × unit), indicators, escalations')
    .option('--plan <planId>', 'one plan (default: every plan)')
    .option('--as-of <date>', 'the ledger as it stood at the end of that day (default now)')
    .option('--format <format>', 'xlsx', 'xlsx')
    .option('--out <file>', 'where to write it')
    .action(
      async (options: { storeUrl?: string; plan?: string; asOf?: string; format: string; out?: string }) => {
        if (options.format !== 'xlsx') throw new CliError('--format must be xlsx')
        const file = options.out
        if (!file) throw new CliError('--out FILE is required')
        await withReadModels(
          async (models) => {
            if (options.plan) await models.planDashboard(options.plan, { asOf: options.asOf })
            const at = await models.asOf(options.asOf)
            const out = createWriteStream(file)
            const sheets = await exportLedgerXlsx(
              models.periodFacts(at),
              {
                ...(options.plan ? { planId: options.plan } : {}),
                asOf: { position: at.position, date: at.date },
                unitName: (unitId) => units.periodAsOf(unitId, at.date)?.name ?? unitId,
              },
              out,
            )
            await finished(out)
            process.stderr.write(
              `wrote ${file} as of ${at.date} (position ${at.position}): ${sheets.map((s) => `${s.sheet} ${s.rows}`).join(', ')}\n`,
            )
          },
          { ...options, ...program.opts<{ now?: string }>() },
        )
      },
    )
}

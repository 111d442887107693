/**
 * `duban what-if --ladder <version>`: the ledger's recorded facts replayed in memory under another
 * ladder version; prints, per unit, the ladder steps and assignment lights that would differ.
 * Writes nothing. Under each obligation's own recorded ladder (`--ladder recorded`) it shows that
 * the replay reproduces the log.
 */
import { latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import { whatIf } from '@duban/scheduling'
import Table from 'cli-table3'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { openLedger, type StoreChoice, storeUrlOption } from '../ledger-from-env'

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function whatIfCommand(program: Command): void {
  storeUrlOption(program.command('what-if'))
    .description(
      "replay the ledger's recorded facts under another escalation ladder and show what would differ",
    )
    .requiredOption(
      '--ladder <version>',
      `a ladder version (${policy.escalationPolicyVersions().join(', ')}), or "recorded" for each obligation's own`,
    )
    .option(
      '--as-of <date>',
      "the business date to replay up to and compare lights on (default: the log's last day)",
    )
    .option('--details', 'list every differing step')
    .option('--json', 'print the comparison as JSON')
    .action(
      async (options: StoreChoice & { ladder: string; asOf?: string; details?: boolean; json?: boolean }) => {
        let ladder: policy.EscalationPolicy | undefined
        if (options.ladder !== 'recorded') {
          try {
            ladder = policy.escalationPolicy(options.ladder)
          } catch (error) {
            if (!(error instanceof policy.UnknownPolicyVersionError)) throw error
            throw new CliError(
              `unknown ladder version ${options.ladder}; known: ${policy.escalationPolicyVersions().join(', ')}, or recorded`,
            )
          }
        }
        if (options.asOf !== undefined && !DATE.test(options.asOf)) {
          throw new CliError(`--as-of is a business date, YYYY-MM-DD: ${options.asOf}`)
        }
        const ledger = await openLedger(options)
        try {
          const report = await whatIf(ledger.store, {
            calendar: latestCalendar(),
            ...(ladder !== undefined && { ladder }),
            ...(options.asOf !== undefined && { asOf: options.asOf }),
          })
          if (options.json) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
            return
          }
          const name = report.ladderVersion ?? "each obligation's recorded ladder"
          const lines = [
            `what-if: ${name}, as of ${report.asOf}`,
            `ladder steps: ${report.recordedSteps} recorded, ${report.replayedSteps} under ${name}`,
          ]
          if (report.units.length === 0) {
            lines.push('no step and no light would differ')
            process.stdout.write(`${lines.join('\n')}\n`)
            return
          }
          const table = new Table({
            head: ['unit', 'steps only recorded', `steps only under ${name}`, 'lights that differ'],
            style: { head: [], border: [] },
          })
          for (const unit of report.units) {
            const lights = unit.lights.map((l) => `${l.taskId} ${l.recorded}→${l.replayed}`)
            table.push([
              unit.unitId,
              unit.onlyRecorded.length,
              unit.onlyReplayed.length,
              lights.length === 0
                ? ''
                : `${lights.length}: ${lights.slice(0, 3).join(', ')}${lights.length > 3 ? ', …' : ''}`,
            ])
          }
          lines.push(table.toString())
          if (options.details) {
            for (const unit of report.units) {
              for (const s of unit.onlyRecorded)
                lines.push(`- ${unit.unitId} ${s.taskId} ${s.stageId} ${s.on} (${s.id}, recorded)`)
              for (const s of unit.onlyReplayed)
                lines.push(`+ ${unit.unitId} ${s.taskId} ${s.stageId} ${s.on} (${s.id}, ${name})`)
            }
          }
          process.stdout.write(`${lines.join('\n')}\n`)
        } finally {
          await ledger.close()
        }
      },
    )
}

/**
 * `duban verify`: walks the whole log and checks every hash link and stream version, and that the
 * log still holds its anchored head (the anchor beside the log, or `--anchor FILE`: one an
 * auditor kept elsewhere, from `duban anchor`), so events cut from its end are found too.
 * Exits 1 naming the first broken event, so it can guard backups and migrations in scripts.
 * On any store (`--store-url`): on PostgreSQL it reads the server's log in pages of 2,000, so its
 * memory is one page plus the last version of each stream, whatever the log's length; the
 * anchor there is the server's (table `event_log_anchor`).
 * `--rules` also checks the accountability rules (`LEDGER_RULES` of @duban/scheduling) by
 * reading the log: exit 1 when any event breaks one, each rule with its count and examples.
 */
import { readFileSync } from 'node:fs'
import { latestCalendar } from '@duban/calendar'
import { type Anchor, AnchorError, parseAnchor, type VerifyResult, verifyLog } from '@duban/eventstore'
import { checkLedgerRules, type RulesReport } from '@duban/scheduling'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { type CliLedger, openLedger, type StoreChoice, storeUrlOption } from '../ledger-from-env'
import { progressBar } from '../progress'

export function verifyCommand(program: Command): void {
  storeUrlOption(program.command('verify'))
    .description('check the hash chain and stream versions of the whole event log, and its anchored head')
    .option('--json', 'print the result as JSON')
    .option(
      '--anchor <file>',
      'check against this anchor (from `duban anchor`) instead of the one beside the log',
    )
    .option('--rules', 'also check the accountability rules (ladder timing, fairness) on every event')
    .action(async (options: StoreChoice & { json?: boolean; anchor?: string; rules?: boolean }) => {
      const ledger = await openLedger(options)
      const { store, location } = ledger
      try {
        const anchor = await anchorFor(ledger, options.anchor)
        const progress = progressBar('verifying', await store.headPosition())
        const result = await verifyLog(store, {
          ...(anchor && { anchor: anchor.value }),
          onProgress: ({ position }) => progress.update(position),
        })
        progress.stop()
        const rules =
          options.rules && result.ok ? await checkLedgerRules(store, { calendar: latestCalendar() }) : null
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({
              store: location.display,
              ...(location.file && { file: location.file }),
              anchor: anchor?.where ?? null,
              ...result,
              ...(rules && { rules }),
            })}\n`,
          )
        }
        if (!result.ok) throw new CliError(`verify FAILED: ${failedAt(result)}: ${result.problem}`, 1)
        if (!options.json) {
          process.stdout.write(
            `verify ok: ${result.events} events in ${result.streams} streams, hash chain intact\n` +
              `  log: ${location.file ?? location.display}\n  head hash: ${result.headHash}\n` +
              (anchor
                ? `  anchor: position ${anchor.value.position} of ${anchor.where} is in the log\n`
                : '  anchor: none (events cut from the end cannot be detected)\n'),
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

  storeUrlOption(program.command('anchor'))
    .description('verify the whole log, then print its head as an anchor to keep elsewhere (JSON)')
    .action(async (options: StoreChoice) => {
      const ledger = await openLedger(options)
      try {
        const anchor = await anchorFor(ledger, undefined)
        const result = await verifyLog(ledger.store, anchor ? { anchor: anchor.value } : {})
        if (!result.ok)
          throw new CliError(`no anchor: verify FAILED: ${failedAt(result)}: ${result.problem}`, 1)
        const head: Anchor = {
          position: result.headPosition,
          hash: result.headHash,
          at: new Date().toISOString(),
        }
        process.stdout.write(`${JSON.stringify(head)}\n`)
      } finally {
        await ledger.close()
      }
    })
}

/** The anchor in `--anchor FILE`, else the one the store keeps (none on EventStoreDB). */
async function anchorFor(
  ledger: CliLedger,
  given: string | undefined,
): Promise<{ value: Anchor; where: string } | undefined> {
  try {
    if (given === undefined) {
      const value = await ledger.anchors?.load()
      return value && ledger.anchors && { value, where: ledger.anchors.where }
    }
    let text: string
    try {
      text = readFileSync(given, 'utf8')
    } catch {
      throw new CliError(`cannot read the anchor file ${given}`)
    }
    return { value: parseAnchor(text, given), where: given }
  } catch (error) {
    if (error instanceof AnchorError) throw new CliError(error.message)
    throw error
  }
}

function failedAt(result: Extract<VerifyResult, { ok: false }>): string {
  return result.eventId
    ? `event ${result.eventId} at position ${result.position} (stream ${result.streamId})`
    : `position ${result.position}`
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

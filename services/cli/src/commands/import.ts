/**
 * `duban import FILE [--json]`: reads a policy document and prints the plan draft it yields —
 * a readable table with the warnings, or the draft as JSON. It writes nothing: confirming a
 * draft is the supervision office's act, through the API.
 */
import { readFileSync } from 'node:fs'
import { formatDraftTable, importPlans, PlanImportError } from '@duban/plan-import'
import type { Command } from 'commander'
import { CliError } from '../cli-error'

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('read a policy document into a plan draft (writes nothing)')
    .argument('<file>', 'the document, as UTF-8 text')
    .option('--json', 'print the draft as JSON')
    .action((file: string, options: { json?: boolean }) => {
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
      }
      let draft: ReturnType<typeof importPlans>
      try {
        draft = importPlans(new Uint8Array(bytes))
      } catch (error) {
        if (error instanceof PlanImportError) throw new CliError(`${file}: ${error.message}`)
        throw error
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(draft, null, 2)}\n` : `${formatDraftTable(draft)}\n`,
      )
    })
}

/**
 * `duban import FILE [--json] [--jurisdiction ID]`: reads a policy document (.txt in UTF-8 or
 * GBK/GB18030, .docx, .pdf with a text layer, .html saved from a government site) and prints
 * the plan draft it yields — a readable table with the warnings, or the draft as JSON. It writes
 * nothing: confirming a draft is the supervision office's act, through the API.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { formatDraftTable, importDocument, MAX_BYTES, PlanImportError } from '@duban/plan-import'
import type { Command } from 'commander'
import { CliError } from '../cli-error'

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('read a policy document (.txt, .docx, .pdf, .html) into a plan draft (writes nothing)')
    .argument('<file>', 'the document: .txt (UTF-8, GBK/GB18030), .docx, .pdf with text, .html')
    .option('--json', 'print the draft as JSON')
    .option('--jurisdiction <id>', 'unit directory to read it with: chongqing (default), state-council')
    .action(async (file: string, options: { json?: boolean; jurisdiction?: string }) => {
      let bytes: Buffer
      try {
        // A file far too large is refused before it is read into memory.
        if (statSync(file).size > MAX_BYTES) {
          throw new CliError(
            `${file}: the file is ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB; a policy document is at most ${MAX_BYTES / 1024 / 1024} MB`,
          )
        }
        bytes = readFileSync(file)
      } catch (error) {
        if (error instanceof CliError) throw error
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
      }
      let draft: Awaited<ReturnType<typeof importDocument>>['draft']
      try {
        ;({ draft } = await importDocument(new Uint8Array(bytes), {
          fileName: path.basename(file),
          ...(options.jurisdiction ? { jurisdiction: options.jurisdiction } : {}),
        }))
      } catch (error) {
        if (error instanceof PlanImportError) throw new CliError(`${file}: ${error.message}`)
        throw error
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(draft, null, 2)}\n` : `${formatDraftTable(draft)}\n`,
      )
    })
}

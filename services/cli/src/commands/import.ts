/**
 * `duban import FILE [--json] [--jurisdiction ID]`: reads a policy document (.txt in UTF-8 or
 * GBK/GB18030, .docx, .pdf with a text layer, .html saved from a government site) and prints
 * the plan draft it yields — a readable table with the warnings, or the draft as JSON. It writes
 * nothing: reviewing a draft and confirming it is the supervision office's act, in the web
 * workspace or the API.
 *
 * `--confirm [--store-url URL]` confirms the draft as read, into the ledger (an operator putting a
 * plan into a new server, or a script): the same events as confirming it through the API, as
 * actor `cli:<the operating-system user>` with the supervision office's role. A draft naming a
 * unit the directory does not know is refused (exit 2) and nothing is written; the same file
 * confirmed again writes nothing (its command ids derive from the file's digest).
 */
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import path from 'node:path'
import { confirmPlans, DraftNotConfirmableError } from '@duban/ledger'
import {
  formatDraftTable,
  importDocument,
  MAX_BYTES,
  type PlanDraft,
  PlanImportError,
} from '@duban/plan-import'
import { chongqingUnits, isWorkingDay } from '@duban/runtime'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { openLedger, storeUrlOption } from '../ledger-from-env'

interface ImportFlags {
  json?: boolean
  jurisdiction?: string
  confirm?: boolean
  storeUrl?: string
}

export function importCommand(program: Command): void {
  storeUrlOption(program.command('import'))
    .description(
      'read a policy document (.txt, .docx, .pdf, .html) into a plan draft (writes nothing unless --confirm)',
    )
    .argument('<file>', 'the document: .txt (UTF-8, GBK/GB18030), .docx, .pdf with text, .html')
    .option('--json', 'print the draft as JSON')
    .option('--jurisdiction <id>', 'unit directory to read it with: chongqing (default), state-council')
    .option('--confirm', 'confirm the draft as read: write its plan, tasks and assignments into the ledger')
    .action(async (file: string, options: ImportFlags) => {
      if (options.storeUrl !== undefined && !options.confirm)
        throw new CliError('--store-url is for --confirm: without it import writes nothing')
      if (options.confirm && (options.jurisdiction ?? 'chongqing') !== 'chongqing')
        throw new CliError(
          "--confirm: the ledger's unit directory is Chongqing's; --jurisdiction cannot change it",
        )
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
      if (options.confirm) {
        await confirmDraft(draft, createHash('sha256').update(bytes).digest('hex').slice(0, 16), options)
        return
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(draft, null, 2)}\n` : `${formatDraftTable(draft)}\n`,
      )
    })
}

async function confirmDraft(draft: PlanDraft, digest: string, options: ImportFlags): Promise<void> {
  const ledger = await openLedger(options)
  try {
    const result = await confirmPlans(ledger.ledger, {
      plans: draft.plans,
      districtsAsOf: chongqingUnits().districtsAsOf,
      actor: { userId: `cli:${userInfo().username}`, unitId: null, roles: ['supervision_office'] },
      confirmationId: `cli-import-${digest}`,
      isWorkingDay,
    })
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ store: ledger.location.display, ...result })}\n`)
      return
    }
    const lines = result.plans.map(
      (plan) => `  ${plan.planId}: ${plan.tasks} tasks, ${plan.assignments} assignments`,
    )
    process.stdout.write(
      `confirmed into ${ledger.location.display}: ${result.eventsWritten} events written` +
        `${result.eventsWritten === 0 ? ' (confirmed before)' : ''}\n${lines.join('\n')}\n`,
    )
  } catch (error) {
    if (error instanceof DraftNotConfirmableError) throw new CliError(`not confirmed: ${error.message}`)
    throw error
  } finally {
    await ledger.close()
  }
}

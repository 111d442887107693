#!/usr/bin/env node
/**
 * The `duban` command: `pnpm --silent duban <command>` from the repository root.
 * Each command lives in its own file under commands/ and registers itself on the program.
 * Exit codes: 0 success, 1 the check or command failed, 2 bad usage or input.
 */
import { Command, CommanderError } from 'commander'
import { CliError } from './cli-error'
import { adminCommand } from './commands/admin'
import { backupCommand, restoreCommand } from './commands/backup'
import { bulletinCommand } from './commands/bulletin'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { migrateCommand } from './commands/migrate'
import { notifyCommand } from './commands/notify'
import { replayCommand } from './commands/replay'
import { rulesCommand } from './commands/rules'
import { showCommand } from './commands/show'
import { simulateCommand } from './commands/simulate'
import { sweepAttachmentsCommand } from './commands/sweep-attachments'
import { verifyCommand } from './commands/verify'
import { whatIfCommand } from './commands/what-if'

const program = new Command('duban')
  .description('Duban 督办 — the accountability ledger for government action plans')
  .option(
    '--now <when>',
    "the ledger's now for this command: YYYY-MM-DD (10:00 Asia/Shanghai) or an ISO instant; default the ledger's own clock (the demo's stands at 2023-11-15 10:00)",
  )
  .showHelpAfterError()
  .exitOverride()

adminCommand(program)
backupCommand(program)
bulletinCommand(program)
exportCommand(program)
importCommand(program)
migrateCommand(program)
notifyCommand(program)
replayCommand(program)
restoreCommand(program)
rulesCommand(program)
showCommand(program)
simulateCommand(program)
sweepAttachmentsCommand(program)
verifyCommand(program)
whatIfCommand(program)

// A reader that stops early (`duban import … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2)
  if (error instanceof CliError) {
    process.stderr.write(`duban: ${error.message}\n`)
    process.exit(error.exitCode)
  }
  process.stderr.write(`duban: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})

/**
 * `duban backup --from postgres://… --to FILE` and `duban restore --from FILE --to postgres://…`:
 * a consistent backup of a live server store (the log, accounts, sessions, drafts: every Duban
 * table, one snapshot) into one file, and its restore into an empty database, verified against
 * the backup's head hash. No `pg_dump` needed (see infra/README.md, Backups).
 * Exit 0 done; 1 the backup or the restore failed; 2 bad input (nothing written).
 */
import { BackupError, backupPostgres, RestoreError, restorePostgres } from '@duban/runtime'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { storeLocation } from './store-url'

function postgresUrl(url: string, flag: string): string {
  const location = storeLocation(url)
  if (location.kind !== 'postgres') {
    throw new CliError(
      `${flag} must be a postgres:// store (${location.display} is ${location.kind}); back up a SQLite log with sqlite3 .backup`,
    )
  }
  return location.url!
}

export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description(
      'back up a live PostgreSQL store (log, accounts, sessions, drafts) into one file, consistently',
    )
    .requiredOption('--from <url>', 'the store: postgres://…')
    .requiredOption('--to <file>', 'the backup file to write (must not exist)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { from: string; to: string; json?: boolean }) => {
      const url = postgresUrl(flags.from, '--from')
      try {
        const summary = await backupPostgres(url, flags.to)
        if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
        else {
          const tables = Object.entries(summary.tables).map(([table, rows]) => `${table} ${rows}`)
          process.stdout.write(
            `backup ok: ${summary.events} events, snapshot of ${summary.takenAt}\n` +
              `  head: position ${summary.headPosition}, hash ${summary.headHash ?? '(empty log)'}\n` +
              `  rows: ${tables.join(', ')}\n  file: ${flags.to}\n`,
          )
        }
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(`backup FAILED: ${error.message}`)
        throw new CliError(`backup FAILED: ${(error as Error).message}`, 1)
      }
    })
}

export function restoreCommand(program: Command): void {
  program
    .command('restore')
    .description('restore a backup file into an empty PostgreSQL database and verify its log')
    .requiredOption('--from <file>', 'a file written by duban backup')
    .requiredOption('--to <url>', 'an empty database: postgres://…')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { from: string; to: string; json?: boolean }) => {
      const url = postgresUrl(flags.to, '--to')
      try {
        const result = await restorePostgres(flags.from, url)
        if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`)
        else {
          process.stdout.write(
            `restore ok: ${result.events} events, hash chain verified, head hash ${result.headHash ?? '(empty log)'}\n` +
              `  rows: ${Object.entries(result.tables)
                .map(([table, rows]) => `${table} ${rows}`)
                .join(', ')}\n` +
              (result.migrated.length > 0 ? `  then migrated: ${result.migrated.join(', ')}\n` : ''),
          )
        }
      } catch (error) {
        if (error instanceof RestoreError)
          throw new CliError(`restore FAILED: ${error.message}`, error.exitCode)
        throw new CliError(`restore FAILED: ${(error as Error).message}`, 1)
      }
    })
}

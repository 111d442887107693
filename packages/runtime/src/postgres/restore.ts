/**
 * Restores a backup (`backup.ts`) into an empty PostgreSQL database: the schema as the backup's
 * migrations left it, every row in one transaction, the sequences past their rows, then the rest
 * of this release's migrations, then the log verified end to end against the backup's head hash.
 */
import { existsSync } from 'node:fs'
import {
  migrateConnection,
  migrationsRun,
  openPostgresEventStore,
  POSTGRES_MIGRATIONS,
  verifyLog,
} from '@duban/eventstore'
import Database from 'better-sqlite3'
import pg from 'pg'
import { BackupError, type BackupSummary, dataTables, pageOf, readBackupSummary } from './backup'

export interface RestoreResult {
  backup: BackupSummary
  /** Rows restored per table. */
  tables: Record<string, number>
  /** This release's migrations run after the rows went in (a backup of an older schema). */
  migrated: string[]
  events: number
  headHash: string | null
}

export class RestoreError extends Error {
  override readonly name = 'RestoreError'
  constructor(
    message: string,
    /** 2: refused (bad file, a database not empty), nothing written; 1: the restore failed. */
    readonly exitCode: 1 | 2,
  ) {
    super(message)
  }
}

export async function restorePostgres(
  file: string,
  url: string,
  options: { onProgress?: (table: string, rows: number) => void } = {},
): Promise<RestoreResult> {
  if (!existsSync(file)) throw new RestoreError(`${file}: no such backup file`, 2)
  const backup = new Database(file, { readonly: true, fileMustExist: true })
  const client = new pg.Client({ connectionString: url, application_name: 'duban-restore' })
  await client.connect()
  try {
    let summary: BackupSummary
    try {
      summary = readBackupSummary(backup, file)
    } catch (error) {
      throw new RestoreError(error instanceof BackupError ? error.message : `${file}: ${String(error)}`, 2)
    }
    const known = POSTGRES_MIGRATIONS.slice(0, summary.migrations.length)
    if (known.join('\n') !== summary.migrations.join('\n')) {
      throw new RestoreError(
        `the backup's schema (${summary.migrations.at(-1)}) is not one this release knows: restore it with the release that made it`,
        2,
      )
    }
    await refuseNonEmpty(client)

    // The schema the rows were read from; the rest of the migrations after they are in.
    await migrateConnection(client, summary.migrations.length)
    const tables: Record<string, number> = {}
    await client.query('BEGIN')
    try {
      for (const table of await dataTables(client)) {
        const inBackup = backup
          .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
          .get(table)
        if (!inBackup) continue
        tables[table] = await restoreTable(client, backup, table, options.onProgress)
      }
      await advanceSequences(client)
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    }
    const migrated = await migrateConnection(client)
    for (const [table, rows] of Object.entries(summary.tables)) {
      if (tables[table] !== rows) {
        throw new RestoreError(`${table}: restored ${tables[table] ?? 0} rows of the backup's ${rows}`, 1)
      }
    }

    const store = await openPostgresEventStore({ connectionString: url, maxConnections: 2 })
    try {
      const verified = await verifyLog(store)
      if (!verified.ok) {
        throw new RestoreError(
          `the restored log fails verify at event ${verified.eventId}: ${verified.problem}`,
          1,
        )
      }
      const headHash = verified.events === 0 ? null : verified.headHash
      if (verified.events !== summary.events || headHash !== summary.headHash) {
        throw new RestoreError(
          `the restored log (${verified.events} events, head ${headHash}) is not the backup's (${summary.events}, head ${summary.headHash})`,
          1,
        )
      }
      return { backup: summary, tables, migrated, events: verified.events, headHash }
    } finally {
      await store.close()
    }
  } finally {
    backup.close()
    await client.end()
  }
}

/** A restore goes into an empty database only: it must not mix two ledgers. */
async function refuseNonEmpty(client: pg.Client): Promise<void> {
  const tables = await dataTables(client)
  for (const table of tables) {
    const { rows } = await client.query(`SELECT 1 FROM "${table.replaceAll('"', '""')}" LIMIT 1`)
    if (rows.length > 0) {
      throw new RestoreError(
        `the target database is not empty (${table} has rows): restore into a new, empty database`,
        2,
      )
    }
  }
  if ((await migrationsRun(client)).some((name) => !POSTGRES_MIGRATIONS.includes(name))) {
    throw new RestoreError('the target database has a newer schema than this release knows', 2)
  }
}

async function restoreTable(
  client: pg.Client,
  backup: Database.Database,
  table: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<number> {
  const columns = (
    backup.prepare(`PRAGMA table_info("${table.replaceAll('"', '""')}")`).all() as { name: string }[]
  ).map((column) => column.name)
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`
  const list = columns.map(quoted).join(', ')
  // Text in, each column's own input function out: the values PostgreSQL printed at backup.
  const insert = `INSERT INTO ${quoted(table)} (${list})
    SELECT ${list} FROM json_populate_recordset(NULL::${quoted(table)}, $1::json)`
  // `_rowid` pages through the file; json_populate_recordset ignores a key that is no column.
  const read = backup.prepare(
    `SELECT rowid AS _rowid, * FROM ${quoted(table)} WHERE rowid > ? ORDER BY rowid LIMIT ${pageOf(table)}`,
  )
  let count = 0
  for (let after = 0; ; ) {
    const page = read.all(after) as ({ _rowid: number } & Record<string, string | null>)[]
    if (page.length === 0) break
    await client.query(insert, [JSON.stringify(page)])
    after = page.at(-1)!._rowid
    count += page.length
    onProgress?.(table, count)
  }
  return count
}

/** Every sequence a column draws from moves past the highest value restored. */
async function advanceSequences(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(c.oid::regclass::text, a.attname) AS sequence
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND pg_get_serial_sequence(c.oid::regclass::text, a.attname) IS NOT NULL`,
  )
  for (const { table, column, sequence } of rows) {
    await client.query(
      `SELECT setval($1, coalesce((SELECT max("${column}") FROM "${table}"), 0) + 1, false)`,
      [sequence],
    )
  }
}

/**
 * A consistent backup of a live Duban database on PostgreSQL into one file, and its restore into
 * an empty database — with the tools Duban already runs on (node-postgres, better-sqlite3), so
 * it needs no `pg_dump` of the server's major version on the operator's machine.
 *
 * The backup reads every Duban table (the log, the anchor, accounts, sessions, sign-ins, drafts,
 * and whatever table a later migration adds) in one REPEATABLE READ, READ ONLY transaction: one
 * snapshot of the whole database, taken at its first statement, while writers go on. Every append
 * acknowledged before that moment is in it (an acknowledged append has committed); the appends
 * are serialised, so what the snapshot holds of the log is a prefix of its hash chain. The file
 * is a SQLite database: each table's rows as text, and `backup_meta` (the schema's migrations,
 * the snapshot, the head position and hash).
 */
import { existsSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import pg from 'pg'

export const BACKUP_FORMAT = 'duban-postgres-backup 1'
/** Rows read per page: bounds memory whatever the table's size. */
const PAGE = 5_000
/**
 * Rows per page of a table: an evidence file's chunk is up to 1 MiB, 2 MiB as text (and again as
 * JSON on restore), so those go a few at a time — 5,000 would be gigabytes, past a string's limit.
 */
export const pageOf = (table: string) => (table === 'duban_attachment_chunks' ? 4 : PAGE)
/** Not data: kept by the migrations themselves, or local to the server (a transaction id). */
const MIGRATION_TABLES = new Set(['duban_migrations', 'event_store_schema'])
const SERVER_LOCAL_COLUMNS: Record<string, readonly string[]> = { events: ['transaction_id'] }

export interface BackupSummary {
  file: string
  /** `pg_current_snapshot()` of the backup's transaction: what it holds, in the server's terms. */
  snapshot: string
  takenAt: string
  migrations: string[]
  /** Rows per table. */
  tables: Record<string, number>
  events: number
  headPosition: number
  headHash: string | null
}

export interface BackupOptions {
  /**
   * Called once the snapshot is taken. Every append acknowledged before the backup began is in it;
   * one acknowledged between then and this call may or may not be (its commit and the snapshot
   * race on the server, and their answers reach this process in either order).
   */
  onSnapshot?: (snapshot: string) => void
  onProgress?: (table: string, rows: number) => void
}

export class BackupError extends Error {
  override readonly name = 'BackupError'
}

/** The public tables of the database, data tables only, in an order that satisfies foreign keys. */
export async function dataTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ table: string; references: string[] }>(
    `SELECT c.relname AS table,
            coalesce(array_agg(DISTINCT f.confrelid::regclass::text) FILTER (WHERE f.confrelid IS NOT NULL
              AND f.confrelid <> c.oid), '{}') AS references
     FROM pg_class c
     LEFT JOIN pg_constraint f ON f.conrelid = c.oid AND f.contype = 'f'
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
     GROUP BY c.oid, c.relname ORDER BY c.relname`,
  )
  const ordered: string[] = []
  const pending = new Map(
    rows.filter((row) => !MIGRATION_TABLES.has(row.table)).map((row) => [row.table, row]),
  )
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((row) => row.references.every((ref) => !pending.has(ref)))
    if (ready.length === 0)
      throw new BackupError(`foreign keys form a cycle among ${[...pending.keys()].join(', ')}`)
    for (const row of ready) {
      ordered.push(row.table)
      pending.delete(row.table)
    }
  }
  return ordered
}

async function columnsOf(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  )
  const local = SERVER_LOCAL_COLUMNS[table] ?? []
  return rows.map((row) => row.name).filter((name) => !local.includes(name))
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/** Backs up the Duban database at `url` into `file` (which must not exist). */
export async function backupPostgres(
  url: string,
  file: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  if (existsSync(file)) throw new BackupError(`${file} already exists: back up into a new file`)
  const client = new pg.Client({ connectionString: url, application_name: 'duban-backup' })
  await client.connect()
  let out: Database.Database | undefined
  try {
    out = new Database(file)
    out.pragma('journal_mode = WAL')
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    // The first statement fixes the snapshot: from here on the database stands still for us.
    const { rows: taken } = await client.query<{ snapshot: string; at: Date }>(
      'SELECT pg_current_snapshot()::text AS snapshot, now() AS at',
    )
    const snapshot = taken[0]!.snapshot
    options.onSnapshot?.(snapshot)
    const migrationsTable = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('duban_migrations') IS NOT NULL AS exists",
    )
    if (!migrationsTable.rows[0]!.exists) {
      throw new BackupError(
        'this database has no Duban schema migrations: start Duban on it once, then back it up',
      )
    }
    const migrations = (
      await client.query<{ name: string }>('SELECT name FROM duban_migrations ORDER BY id')
    ).rows.map((row) => row.name)

    const tables: Record<string, number> = {}
    for (const table of await dataTables(client)) {
      const columns = await columnsOf(client, table)
      out.exec(`CREATE TABLE ${quote(table)} (${columns.map((c) => `${quote(c)} TEXT`).join(', ')})`)
      const insert = out.prepare(`INSERT INTO ${quote(table)} VALUES (${columns.map(() => '?').join(', ')})`)
      const writePage = out.transaction((rows: (string | null)[][]) => {
        for (const row of rows) insert.run(row)
      })
      // Every value as PostgreSQL's own text form: restored through the same input functions.
      // Rows in primary-key (or physical) order; a cursor reads them a page at a time.
      const order = table === 'events' ? ' ORDER BY position' : ''
      await client.query(
        `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ${columns.map((c) => `${quote(c)}::text`).join(', ')}
         FROM ${quote(table)}${order}`,
      )
      let count = 0
      for (;;) {
        const page = await client.query<(string | null)[]>({
          text: `FETCH ${pageOf(table)} FROM backup_rows`,
          rowMode: 'array',
        })
        if (page.rows.length === 0) break
        writePage(page.rows)
        count += page.rows.length
        options.onProgress?.(table, count)
      }
      await client.query('CLOSE backup_rows')
      tables[table] = count
    }
    const head = await client.query<{ head: string; hash: string }>(
      'SELECT position AS head, hash FROM events ORDER BY events.position DESC LIMIT 1',
    )
    await client.query('COMMIT')

    const summary: BackupSummary = {
      file,
      snapshot,
      takenAt: taken[0]!.at.toISOString(),
      migrations,
      tables,
      events: tables['events'] ?? 0,
      headPosition: Number(head.rows[0]?.head ?? 0),
      headHash: head.rows[0]?.hash ?? null,
    }
    out.exec('CREATE TABLE backup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    const meta = out.prepare('INSERT INTO backup_meta VALUES (?, ?)')
    meta.run('format', BACKUP_FORMAT)
    meta.run('summary', JSON.stringify(summary))
    out.pragma('wal_checkpoint(TRUNCATE)')
    out.close()
    return summary
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    if (out?.open) out.close()
    // A half-written backup must not be mistaken for one.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    throw error
  } finally {
    await client.end()
  }
}

/** What a backup file says of itself; a clear error for anything that is not one. */
export function readBackupSummary(db: Database.Database, file: string): BackupSummary {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backup_meta'")
    .get()
  const format = hasMeta
    ? (db.prepare("SELECT value FROM backup_meta WHERE key = 'format'").get() as
        | { value: string }
        | undefined)
    : undefined
  if (format?.value !== BACKUP_FORMAT) throw new BackupError(`${file} is not a Duban PostgreSQL backup`)
  const summary = db.prepare("SELECT value FROM backup_meta WHERE key = 'summary'").get() as { value: string }
  return JSON.parse(summary.value) as BackupSummary
}

/**
 * Every table Duban keeps in PostgreSQL — the log's, the anchor's, the API's accounts, sessions
 * and drafts — is created and changed by the versioned migrations in `./migrations`
 * (`NNNN_what.sql`, run in name order by node-pg-migrate, recorded in `duban_migrations`).
 * Every process that opens a Duban database runs them first; node-pg-migrate holds a session
 * advisory lock meanwhile, so processes starting together wait for one another and each
 * migration runs once. The whole upgrade is one transaction: it lands entirely or not at all.
 *
 * Add a migration as the next-numbered file; never edit a released one. Migration 1 is the
 * schema of the release before migrations, written so that it adopts a database that release
 * made (see its header).
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { runner } from 'node-pg-migrate'
import type pg from 'pg'

export const MIGRATIONS_DIRECTORY = join(import.meta.dirname, 'migrations')
/** node-pg-migrate's record of the migrations run. */
export const MIGRATIONS_TABLE = 'duban_migrations'

/** The migrations this code knows, in order (file names without `.sql`). */
export const MIGRATIONS: readonly string[] = readdirSync(MIGRATIONS_DIRECTORY)
  .filter((file) => /^\d{4}_.+\.sql$/.test(file))
  .sort()
  .map((file) => file.slice(0, -'.sql'.length))

export const SCHEMA_VERSION = MIGRATIONS.length

/** `duba` `n` · 2: apart from the store's append lock and the leader lock's keys. */
const MIGRATION_LOCK = 0x6475_6261_6e02

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError'
}

/**
 * Brings the database's schema up to date (or up to `upTo` migrations, for a restore that loads
 * rows of an older schema before running the rest). Returns the names of the migrations it ran.
 */
export async function migrate(client: pg.ClientBase, upTo = SCHEMA_VERSION): Promise<string[]> {
  await refuseNewerSchema(client)
  const count = upTo - (await migrationsRun(client)).length
  if (count <= 0) return []
  const ran = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIRECTORY,
    ignorePattern: '(?!\\d{4}_.+\\.sql$).*',
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    // At most this many more: the runner takes the lock first, so one run by another process
    // meanwhile leaves this one less (or nothing) to do.
    count,
    singleTransaction: true,
    // Wait for a process migrating at the same time (node-pg-migrate fails by default).
    advisoryLockMode: 'wait',
    lockValue: MIGRATION_LOCK,
    log: () => {},
  })
  return ran.map((migration) => migration.name)
}

/** `migrate` on a connection of the pool: for the stores that share a Duban database. */
export async function migratePostgres(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect()
  try {
    return await migrate(client)
  } finally {
    client.release()
  }
}

/** The names of the migrations a database has run, in order. */
export async function migrationsRun(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    MIGRATIONS_TABLE,
  ])
  if (!rows[0]!.exists) return []
  const run = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)
  return run.rows.map((row) => row.name)
}

/** A database a later release migrated is refused, before anything runs. */
async function refuseNewerSchema(client: pg.ClientBase): Promise<void> {
  const exists = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('event_store_schema') IS NOT NULL AS exists",
  )
  const version = exists.rows[0]!.exists
    ? ((
        await client.query<{ version: number | null }>(
          'SELECT max(version) AS version FROM event_store_schema',
        )
      ).rows[0]?.version ?? 0)
    : 0
  const unknown = (await migrationsRun(client)).filter((name) => !MIGRATIONS.includes(name))
  if (version > SCHEMA_VERSION || unknown.length > 0) {
    throw new SchemaTooNewError(
      `the database's schema is newer than this release knows (schema version ${version}, ` +
        `this release knows ${SCHEMA_VERSION}${unknown.length > 0 ? `; unknown migrations: ${unknown.join(', ')}` : ''}): ` +
        'run the release that migrated it, or a later one',
    )
  }
}

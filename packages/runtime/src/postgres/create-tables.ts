/**
 * The API's own tables in a server store's PostgreSQL (accounts, drafts), created on start.
 * `CREATE TABLE IF NOT EXISTS` is not safe when two processes run it at once (both may try to
 * create the row type), so every API process creates its tables under one transaction-scoped
 * advisory lock, apart from the event store's and the leader lock's keys.
 */
import type pg from 'pg'

/** `duap` · 1: the API's schema lock; the store's single-key locks and the leader lock's class differ. */
const SCHEMA_LOCK: readonly [number, number] = [0x64756170, 1]

export async function createTables(pool: pg.Pool, ddl: string): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1::int4, $2::int4)', [...SCHEMA_LOCK])
    await client.query(ddl)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

import type pg from 'pg'

/**
 * Schema migrations, applied in order; `event_store_schema` records how many have run.
 * Append new steps, never edit a released one.
 *
 * JSON is stored as `text`, never `jsonb`: the hash covers the exact stored text, and jsonb
 * would reorder keys and drop whitespace.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE SEQUENCE event_positions AS bigint;
  CREATE TABLE events (
    position bigint PRIMARY KEY DEFAULT nextval('event_positions'),
    -- The writing transaction: readers stay below the oldest transaction still running.
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id text NOT NULL UNIQUE,
    stream_id text NOT NULL,
    stream_version integer NOT NULL,
    type text NOT NULL,
    schema_version integer NOT NULL,
    data text NOT NULL,
    metadata text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    UNIQUE (stream_id, stream_version)
  );
  ALTER SEQUENCE event_positions OWNED BY events.position;
  -- Idempotency: an append's command id and where its events are in their stream.
  CREATE TABLE event_commands (
    command_id text PRIMARY KEY,
    stream_id text NOT NULL,
    first_version integer NOT NULL,
    event_count integer NOT NULL
  );
  CREATE TABLE event_checkpoints (
    name text PRIMARY KEY,
    position bigint NOT NULL
  );
  `,
]

export const SCHEMA_VERSION = MIGRATIONS.length

/** Any key unique to Duban's schema step: stores opening at once wait for one another here. */
const MIGRATION_LOCK = 0x64756261_6e01n

/** Brings the database's schema up to date in one transaction. */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()])
    await client.query('CREATE TABLE IF NOT EXISTS event_store_schema (version integer NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM event_store_schema')
    const current = rows[0]?.version ?? 0
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `event store schema version ${current} is newer than this code knows (${SCHEMA_VERSION})`,
      )
    }
    for (let version = current; version < SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version]!)
    if (rows.length === 0) await client.query('INSERT INTO event_store_schema VALUES ($1)', [SCHEMA_VERSION])
    else await client.query('UPDATE event_store_schema SET version = $1', [SCHEMA_VERSION])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}

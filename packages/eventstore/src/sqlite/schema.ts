import type { Database } from 'better-sqlite3'
import { eventIdFor } from '../event-id'

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append new steps, never edit a released one.
 */
const MIGRATIONS: readonly ((db: Database) => void)[] = [
  (db) =>
    db.exec(`
  CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
  );
  CREATE TABLE streams (
    stream_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- Idempotency: an append's command id, and where its events are (consecutive positions).
  CREATE TABLE commands (
    command_id TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL,
    first_position INTEGER NOT NULL,
    event_count INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE checkpoints (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
  `),
  dropEventIdIndex,
  // Version 3: no `streams` table. A stream's version is its last event's `stream_version`, found
  // in the (stream_id, stream_version) index every event already writes; the table cost each
  // append one more B-tree page in the WAL (a single-event append wrote four pages, now three).
  (db) => db.exec('DROP TABLE streams'),
]

export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Version 2: no unique index on `events.event_id`. Its keys are random (UUID v5), so each
 * batch rewrote index pages all over the file: about three times the bytes of the rows themselves.
 * An event id derived from its command (`eventIdFor(commandId, index)`, nearly every event) is
 * unique because the command id is (the `commands` key). Only ids given explicitly and differing
 * from the derived one are kept, in `explicit_event_ids`, whose key rejects a reuse.
 * SQLite cannot drop a constraint's index, so the table is rebuilt (once, inside the migration's
 * transaction; rows, positions and hashes are copied unchanged).
 */
function dropEventIdIndex(db: Database): void {
  db.exec(`
  CREATE TABLE events_v2 (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
  );
  INSERT INTO events_v2 SELECT position, event_id, stream_id, stream_version, type, schema_version,
    data, metadata, prev_hash, hash FROM events ORDER BY position;
  DROP TABLE events;
  ALTER TABLE events_v2 RENAME TO events;
  CREATE TABLE explicit_event_ids (
    event_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL
  ) WITHOUT ROWID;
  `)
  // Which of the existing ids are not derived from their command: walk the log beside the commands.
  // One statement may run at a time while another iterates: the commands are read up front.
  const commands = db
    .prepare('SELECT command_id, first_position, event_count FROM commands ORDER BY first_position')
    .raw(true)
    .all() as [string, number, number][]
  const insert = db.prepare('INSERT INTO explicit_event_ids (event_id, position) VALUES (?, ?)')
  const explicit: [string, number][] = []
  let next = 0
  for (const [position, eventId] of db
    .prepare('SELECT position, event_id FROM events ORDER BY position')
    .raw(true)
    .iterate() as IterableIterator<[number, string]>) {
    while (next < commands.length && commands[next]![1] + commands[next]![2] <= position) next++
    const command = commands[next]
    const derived = command && command[1] <= position && eventIdFor(command[0], position - command[1])
    if (eventId !== derived) explicit.push([eventId, position])
  }
  for (const [eventId, position] of explicit) insert.run(eventId, position)
}

/** Brings the file's schema up to date (or up to `target`), each step in its own transaction. */
export function migrate(db: Database, target = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new Error(`event store schema version ${current} is newer than this code knows (${SCHEMA_VERSION})`)
  }
  for (let version = current; version < target; version++) {
    db.transaction(() => {
      MIGRATIONS[version]!(db)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
}

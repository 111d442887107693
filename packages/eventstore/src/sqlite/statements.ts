import type { Database, Statement } from 'better-sqlite3'
import type { EventMetadata, RecordedEvent, StoredEvent } from '../contract'

/**
 * An `events` row as SQLite returns it, in `EVENT_COLUMNS` order. The read statements run in raw
 * mode: better-sqlite3 then hands back arrays, and a replay reading the whole log skips building
 * a keyed row object per event only to copy it into a `RecordedEvent`.
 */
export type EventRow = [
  position: number,
  eventId: string,
  streamId: string,
  streamVersion: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  prevHash: string,
  hash: string,
]

export interface CommandRow {
  stream_id: string
  first_position: number
  event_count: number
}

/** Every statement the store runs, prepared once per connection. */
export interface Statements {
  head: Statement<[], { position: number; hash: string }>
  streamVersion: Statement<[string], { version: number }>
  command: Statement<[string], CommandRow>
  /** Inserts `count` events, 1 ≤ count ≤ `EVENTS_PER_INSERT`, their columns in one flat array. */
  insertEvents(count: number): Statement<unknown[]>
  insertCommand: Statement<[string, string, number, number]>
  anyExplicitId: Statement<[], { found: number }>
  explicitId: Statement<[string], { found: number }>
  insertExplicitId: Statement<[string, number]>
  eventsInRange: Statement<[number, number], EventRow>
  readStream: Statement<[string, number, number], EventRow>
  readAll: Statement<[number, number, number], EventRow>
  loadCheckpoint: Statement<[string], { position: number }>
  saveCheckpoint: Statement<[string, number]>
}

const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash'

/**
 * Rows per INSERT statement on the append path. One multi-row statement binds and steps once for
 * many events: better-sqlite3's per-call cost is about a third of an event's insert CPU time.
 * 25 rows × 10 columns stays far below SQLite's 32,766 bound parameters.
 */
export const EVENTS_PER_INSERT = 25

const ROW_PLACEHOLDERS = `(${Array(10).fill('?').join(', ')})`

export function prepareStatements(db: Database): Statements {
  // Prepared on first use: a batch's last, shorter chunk needs a statement for its size.
  const insertEvents = new Map<number, Statement<unknown[]>>()
  return {
    head: db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1'),
    // Walks the (stream_id, stream_version) index from its end: one look-up, no table read.
    streamVersion: db.prepare(
      'SELECT stream_version AS version FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
    ),
    command: db.prepare('SELECT stream_id, first_position, event_count FROM commands WHERE command_id = ?'),
    insertEvents(count) {
      let statement = insertEvents.get(count)
      if (!statement) {
        statement = db.prepare(
          `INSERT INTO events (${EVENT_COLUMNS}) VALUES ${Array(count).fill(ROW_PLACEHOLDERS).join(', ')}`,
        )
        insertEvents.set(count, statement)
      }
      return statement
    },
    insertCommand: db.prepare(
      'INSERT INTO commands (command_id, stream_id, first_position, event_count) VALUES (?, ?, ?, ?)',
    ),
    anyExplicitId: db.prepare('SELECT EXISTS (SELECT 1 FROM explicit_event_ids) AS found'),
    explicitId: db.prepare('SELECT 1 AS found FROM explicit_event_ids WHERE event_id = ?'),
    insertExplicitId: db.prepare('INSERT INTO explicit_event_ids (event_id, position) VALUES (?, ?)'),
    eventsInRange: db
      .prepare<[number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`,
      )
      .raw(true),
    readStream: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version > ? AND stream_version <= ? ORDER BY stream_version`,
      )
      .raw(true),
    readAll: db
      .prepare<[number, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position < ? ORDER BY position LIMIT ?`,
      )
      .raw(true),
    loadCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
    saveCheckpoint: db.prepare(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    ),
  }
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const [position, eventId, streamId, streamVersion, type, schemaVersion, data, metadata, prevHash, hash] =
    row
  return {
    eventId,
    streamId,
    streamVersion,
    position,
    type,
    schemaVersion,
    data: JSON.parse(data),
    // Validated on the way in; the hash chain, not a re-parse, guards it at rest.
    metadata: JSON.parse(metadata) as EventMetadata,
    prevHash,
    hash,
  }
}

export function toStoredEvent(row: EventRow): StoredEvent {
  const [
    position,
    eventId,
    streamId,
    streamVersion,
    type,
    schemaVersion,
    dataJson,
    metadataJson,
    prevHash,
    hash,
  ] = row
  return {
    eventId,
    streamId,
    streamVersion,
    position,
    type,
    schemaVersion,
    dataJson,
    metadataJson,
    prevHash,
    hash,
  }
}

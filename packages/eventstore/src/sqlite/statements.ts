import type { Database, Statement } from 'better-sqlite3'
import type { EventMetadata, RecordedEvent, StoredEvent } from '../contract'

/** An `events` row as SQLite returns it. */
export interface EventRow {
  position: number
  event_id: string
  stream_id: string
  stream_version: number
  type: string
  schema_version: number
  data: string
  metadata: string
  prev_hash: string
  hash: string
}

export interface CommandRow {
  stream_id: string
  first_position: number
  event_count: number
}

/** Every statement the store runs, prepared once per connection. */
export interface Statements {
  head: Statement<[], Pick<EventRow, 'position' | 'hash'>>
  streamVersion: Statement<[string], { version: number }>
  command: Statement<[string], CommandRow>
  insertEvent: Statement<unknown[]>
  upsertStream: Statement<[string, number]>
  insertCommand: Statement<[string, string, number, number]>
  eventsInRange: Statement<[number, number], EventRow>
  readStream: Statement<[string, number, number], EventRow>
  readAll: Statement<[number, number], EventRow>
  loadCheckpoint: Statement<[string], { position: number }>
  saveCheckpoint: Statement<[string, number]>
}

const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash'

export function prepareStatements(db: Database): Statements {
  return {
    head: db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1'),
    streamVersion: db.prepare('SELECT version FROM streams WHERE stream_id = ?'),
    command: db.prepare('SELECT stream_id, first_position, event_count FROM commands WHERE command_id = ?'),
    insertEvent: db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    upsertStream: db.prepare(
      'INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version',
    ),
    insertCommand: db.prepare(
      'INSERT INTO commands (command_id, stream_id, first_position, event_count) VALUES (?, ?, ?, ?)',
    ),
    eventsInRange: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`,
    ),
    readStream: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version > ? AND stream_version <= ? ORDER BY stream_version`,
    ),
    readAll: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    loadCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
    saveCheckpoint: db.prepare(
      'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    ),
  }
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    // Validated on the way in; the hash chain, not a re-parse, guards it at rest.
    metadata: JSON.parse(row.metadata) as EventMetadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    dataJson: row.data,
    metadataJson: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

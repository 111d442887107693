import type { EventMetadata, RecordedEvent, StoredEvent } from '../contract'

/** An `events` row as node-postgres returns it: bigint arrives as a string. */
export interface EventRow {
  position: string
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

export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash'

/**
 * The safe high-water mark: only events written by transactions older than every transaction
 * still running. A later position can never commit before them (see the README).
 */
export const BELOW_HIGH_WATER_MARK = 'transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))'

export const READ_ALL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE position > $1 AND ${BELOW_HIGH_WATER_MARK}
  ORDER BY position LIMIT $2`

export const READ_STREAM = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE stream_id = $1 AND stream_version > $2 AND stream_version <= $3
  ORDER BY stream_version`

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: Number(row.position),
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
    position: Number(row.position),
    type: row.type,
    schemaVersion: row.schema_version,
    dataJson: row.data,
    metadataJson: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

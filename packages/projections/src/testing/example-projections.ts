import type { RecordedEvent } from '@duban/eventstore'
import type { Projection, ProjectionDb } from '../projection'
import { temporalTable } from '../temporal'
import { syntheticTypes } from './synthetic-log'

/**
 * The worked example of the README: each stream's version and last event type, as a temporal
 * table, so "which version was item-7 at on 2023-03-31?" is one indexed query.
 */
export const streamVersionsTable = temporalTable({
  table: 'stream_versions',
  key: ['stream_id'],
  columns: { version: 'INTEGER NOT NULL', last_type: 'TEXT NOT NULL' },
})

export const streamVersions: Projection = {
  name: 'stream-versions',
  version: 1,
  handles: syntheticTypes,
  setup: (db) => db.exec(streamVersionsTable.ddl),
  apply(db: ProjectionDb, event: RecordedEvent) {
    streamVersionsTable.put(db, event, {
      stream_id: event.streamId,
      version: event.streamVersion,
      last_type: event.type,
    })
  },
}

/** How many events of each type the log held: a temporal counter, read before it is written. */
export const eventsPerTypeTable = temporalTable({
  table: 'events_per_type',
  key: ['type'],
  columns: { count: 'INTEGER NOT NULL' },
})

export const eventsPerType: Projection = {
  name: 'events-per-type',
  version: 1,
  handles: syntheticTypes,
  setup: (db) => db.exec(eventsPerTypeTable.ddl),
  apply(db, event) {
    const current = eventsPerTypeTable.latest(db, { type: event.type })
    eventsPerTypeTable.put(db, event, { type: event.type, count: Number(current?.['count'] ?? 0) + 1 })
  },
}

/** A plain (non-temporal) read model that only cares about one event type. */
export const reviewedItems: Projection = {
  name: 'reviewed-items',
  version: 1,
  handles: ['ItemReviewed'],
  setup: (db) =>
    db.exec(
      'CREATE TABLE reviewed_items (stream_id TEXT PRIMARY KEY, reviews INTEGER NOT NULL, last_position INTEGER NOT NULL)',
    ),
  apply(db, event) {
    db.prepare(
      `INSERT INTO reviewed_items (stream_id, reviews, last_position) VALUES (?, 1, ?)
       ON CONFLICT (stream_id) DO UPDATE SET reviews = reviews + 1, last_position = excluded.last_position`,
    ).run(event.streamId, event.position)
  },
}

export const exampleProjections = [streamVersions, eventsPerType, reviewedItems]

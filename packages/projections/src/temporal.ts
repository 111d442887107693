import type { RecordedEvent } from '@duban/eventstore'
import type Database from 'better-sqlite3'
import type { ProjectionDb } from './projection'

/** A value SQLite stores as is. */
export type SqlValue = string | number | bigint | null

export type Row = Record<string, SqlValue>

export interface TemporalTableSpec {
  table: string
  /** Columns identifying one entity; the table keeps one version of it per change. */
  key: readonly string[]
  /** Columns describing the entity's state, with their SQL types. */
  columns: Readonly<Record<string, string>>
}

/**
 * A table keeping every version of every entity, each valid over a half-open range of log
 * positions [valid_from_position, valid_to_position), NULL meaning "still current". The state
 * as of position P is then the rows with valid_from ≤ P < valid_to — an indexed query —
 * instead of a replay of the log up to P for every question.
 *
 * `put` and `end` run inside a projection's `apply`; `current` and `asOf` are for readers.
 * Several changes to one entity by the same event collapse into one version.
 */
export interface TemporalTable {
  readonly table: string
  /** CREATE statements for the projection's `setup`. */
  readonly ddl: string
  /** The entity now has these values, from `event` on: closes its current version, opens a new one. */
  put(db: ProjectionDb, event: RecordedEvent, row: Row): void
  /** The entity ceased to exist at `event` (a deleted or closed item): closes its current version. */
  end(db: ProjectionDb, event: RecordedEvent, key: Row): void
  /** Inside `apply`: the entity's current values, undefined when it does not exist (or has ended). */
  latest(db: ProjectionDb, key: Row): Row | undefined
  /** Current versions, optionally only those matching `where` (equality on key or value columns). */
  current(db: Database.Database, where?: Row): Row[]
  /** The versions valid at log position `position`, optionally filtered like `current`. */
  asOf(db: Database.Database, position: number, where?: Row): Row[]
}

const identifier = /^[a-z_][a-z0-9_]*$/

function checkIdentifier(name: string): string {
  if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${name}`)
  return name
}

export function temporalTable(spec: TemporalTableSpec): TemporalTable {
  const table = checkIdentifier(spec.table)
  const key = spec.key.map(checkIdentifier)
  const values = Object.keys(spec.columns).map(checkIdentifier)
  const keyList = key.join(', ')
  const allColumns = [...key, ...values]

  // A rowid table: new versions append at the end of the table's B-tree, and the two indexes
  // stay narrow; in replay this beat a WITHOUT ROWID table keyed by (key, valid_from_position).
  const ddl = `
    CREATE TABLE ${table} (
      ${key.map((column) => `${column} NOT NULL`).join(',\n      ')},
      ${values.map((column) => `${column} ${spec.columns[column]}`).join(',\n      ')},
      valid_from_position INTEGER NOT NULL,
      valid_to_position INTEGER,
      valid_from_at TEXT NOT NULL,
      valid_to_at TEXT
    );
    CREATE UNIQUE INDEX ${table}_versions ON ${table} (${keyList}, valid_from_position);
    CREATE INDEX ${table}_valid_to ON ${table} (valid_to_position, ${keyList});
  `
  const keyMatch = key.map((column) => `${column} = ?`).join(' AND ')
  // Versions are opened in log order, so an entity's current version, if any, is its latest:
  // found in O(log n) through the versions index. (A `valid_to_position IS NULL` lookup lets
  // SQLite's planner walk every past version of the entity instead.) A version this very event
  // opened is closed too and reopened by the upsert below: one event, one version.
  const latestSql = `SELECT ${allColumns.join(', ')}, valid_to_position FROM ${table}
    WHERE ${keyMatch} ORDER BY valid_from_position DESC LIMIT 1`
  const closeSql = `UPDATE ${table} SET valid_to_position = ?, valid_to_at = ?
    WHERE rowid = (SELECT rowid FROM ${table} WHERE ${keyMatch} ORDER BY valid_from_position DESC LIMIT 1)
      AND valid_to_position IS NULL`
  const openSql = `INSERT INTO ${table} (${allColumns.join(', ')}, valid_from_position, valid_from_at)
    VALUES (${allColumns.map(() => '?').join(', ')}, ?, ?)
    ON CONFLICT (${keyList}, valid_from_position) DO UPDATE SET
    ${[...values.map((column) => `${column} = excluded.${column}`), 'valid_to_position = NULL', 'valid_to_at = NULL'].join(', ')}`

  // Positional parameters: named ones cost a property lookup per column per statement.
  function valuesOf(row: Row, columns: readonly string[]): SqlValue[] {
    return columns.map((column) => {
      const value = row[column]
      if (value === undefined) throw new Error(`${table}: missing column ${column}`)
      return value
    })
  }

  function filter(where: Row | undefined): { sql: string; params: Row } {
    if (!where) return { sql: '', params: {} }
    const columns = Object.keys(where).map(checkIdentifier)
    const params: Row = {}
    for (const column of columns) params[`w_${column}`] = where[column] ?? null
    return { sql: columns.map((column) => ` AND ${column} = @w_${column}`).join(''), params }
  }

  const selected = `${allColumns.join(', ')}, valid_from_position, valid_to_position, valid_from_at, valid_to_at`

  return {
    table,
    ddl,
    put(db, event, row) {
      const { position, metadata } = event
      db.prepare(closeSql).run(position, metadata.recordedAt, ...valuesOf(row, key))
      db.prepare(openSql).run(...valuesOf(row, allColumns), position, metadata.recordedAt)
    },
    end(db, event, keyRow) {
      db.prepare(closeSql).run(event.position, event.metadata.recordedAt, ...valuesOf(keyRow, key))
    },
    latest(db, keyRow) {
      const row = db.prepare(latestSql).get(...valuesOf(keyRow, key)) as Row | undefined
      if (!row || row['valid_to_position'] !== null) return undefined
      delete row['valid_to_position']
      return row
    },
    current(db, where) {
      const { sql, params } = filter(where)
      return db
        .prepare(`SELECT ${selected} FROM ${table} WHERE valid_to_position IS NULL${sql} ORDER BY ${keyList}`)
        .all(params) as Row[]
    },
    asOf(db, position, where) {
      const { sql, params } = filter(where)
      return db
        .prepare(
          `SELECT ${selected} FROM ${table}
           WHERE valid_from_position <= @position
             AND (valid_to_position IS NULL OR valid_to_position > @position)${sql}
           ORDER BY ${keyList}`,
        )
        .all({ ...params, position }) as Row[]
    },
  }
}

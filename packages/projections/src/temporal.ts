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
  const keyMatch = key.map((column) => `${column} = @${column}`).join(' AND ')
  const allColumns = [...key, ...values]

  const ddl = `
    CREATE TABLE ${table} (
      ${key.map((column) => `${column} NOT NULL`).join(',\n      ')},
      ${values.map((column) => `${column} ${spec.columns[column]}`).join(',\n      ')},
      valid_from_position INTEGER NOT NULL,
      valid_to_position INTEGER,
      valid_from_at TEXT NOT NULL,
      valid_to_at TEXT,
      PRIMARY KEY (${keyList}, valid_from_position)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX ${table}_current ON ${table} (${keyList}) WHERE valid_to_position IS NULL;
    CREATE INDEX ${table}_valid_to ON ${table} (valid_to_position);
  `
  // Closes the current version unless it was opened by this very event (then `put` overwrites it).
  const closeSql = `UPDATE ${table} SET valid_to_position = @position, valid_to_at = @at
    WHERE ${keyMatch} AND valid_to_position IS NULL AND valid_from_position < @position`
  const openSql = `INSERT INTO ${table} (${allColumns.join(', ')}, valid_from_position, valid_from_at)
    VALUES (${allColumns.map((column) => `@${column}`).join(', ')}, @position, @at)
    ON CONFLICT (${keyList}, valid_from_position) DO UPDATE SET
    ${[...values.map((column) => `${column} = excluded.${column}`), 'valid_to_position = NULL', 'valid_to_at = NULL'].join(', ')}`
  // An event that ends what it opened leaves an empty range, which no as-of query matches.
  const endSql = `UPDATE ${table} SET valid_to_position = @position, valid_to_at = @at
    WHERE ${keyMatch} AND valid_to_position IS NULL`

  function pick(row: Row, columns: readonly string[]): Row {
    const picked: Row = {}
    for (const column of columns) {
      const value = row[column]
      if (value === undefined) throw new Error(`${table}: missing column ${column}`)
      picked[column] = value
    }
    return picked
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
      const at = { position: event.position, at: event.metadata.recordedAt }
      db.prepare(closeSql).run({ ...pick(row, key), ...at })
      db.prepare(openSql).run({ ...pick(row, allColumns), ...at })
    },
    end(db, event, keyRow) {
      db.prepare(endSql).run({
        ...pick(keyRow, key),
        position: event.position,
        at: event.metadata.recordedAt,
      })
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

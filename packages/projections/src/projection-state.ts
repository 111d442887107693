import type Database from 'better-sqlite3'

/** One row per projection (and per runner-owned index): its definition version and checkpoint. */
export interface ProjectionState {
  name: string
  version: number
  /** Position of the last log event this projection has taken into account; 0 = none. */
  position: number
}

/** The runner's own bookkeeping tables; projections must not use these names. */
export function createStateTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_state (
      name TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      position INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS projection_objects (
      projection TEXT NOT NULL,
      type TEXT NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (projection, name)
    ) WITHOUT ROWID;
  `)
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/**
 * A statement prepared once per database: preparing costs more than running the small queries
 * asked on every request (/health, a view's position).
 */
export function preparedOnce(db: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(db)
  if (!byText) {
    byText = new Map()
    statements.set(db, byText)
  }
  let statement = byText.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    byText.set(sql, statement)
  }
  return statement
}

export function loadStates(db: Database.Database): Map<string, ProjectionState> {
  const rows = preparedOnce(
    db,
    'SELECT name, version, position FROM projection_state',
  ).all() as ProjectionState[]
  return new Map(rows.map((row) => [row.name, row]))
}

export function saveState(db: Database.Database, state: ProjectionState): void {
  preparedOnce(
    db,
    `INSERT INTO projection_state (name, version, position, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET
       version = excluded.version, position = excluded.position, updated_at = excluded.updated_at`,
  ).run(state.name, state.version, state.position, new Date().toISOString())
}

/**
 * Moves the checkpoints of the named projections to `position`, in one statement: a live batch
 * moves every projection's, after each commit of the log.
 */
export function advanceStates(db: Database.Database, names: readonly string[], position: number): void {
  preparedOnce(
    db,
    'UPDATE projection_state SET position = ?, updated_at = ? WHERE name IN (SELECT value FROM json_each(?))',
  ).run(position, new Date().toISOString(), JSON.stringify(names))
}

interface SchemaObject {
  type: string
  name: string
}

function schemaObjects(db: Database.Database): SchemaObject[] {
  return db
    .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    .all() as SchemaObject[]
}

/**
 * Runs `setup` and records every schema object it created under the projection's name, so
 * that a later version change drops what the old version made, whatever the new one calls it.
 */
export function setupTracked(db: Database.Database, projection: string, setup: () => void): void {
  const before = new Set(schemaObjects(db).map((object) => object.name))
  setup()
  const record = db.prepare(
    'INSERT OR IGNORE INTO projection_objects (projection, type, name) VALUES (?, ?, ?)',
  )
  for (const object of schemaObjects(db)) {
    if (!before.has(object.name)) record.run(projection, object.type, object.name)
  }
}

// Dependents first, so no DROP fails on what another object still refers to.
const dropOrder = ['trigger', 'view', 'index', 'table'] as const

export function dropTracked(db: Database.Database, projection: string): void {
  const objects = db
    .prepare('SELECT type, name FROM projection_objects WHERE projection = ?')
    .all(projection) as SchemaObject[]
  for (const type of dropOrder) {
    for (const object of objects) {
      if (object.type === type)
        db.exec(`DROP ${type.toUpperCase()} IF EXISTS "${object.name.replaceAll('"', '""')}"`)
    }
  }
  db.prepare('DELETE FROM projection_objects WHERE projection = ?').run(projection)
}

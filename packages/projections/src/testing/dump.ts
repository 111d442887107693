import type Database from 'better-sqlite3'

/**
 * Every table of a read-model file, rows sorted, as plain data: two files built from the same
 * log by different histories (crash and resume, or one clean rebuild) must dump equal.
 * The checkpoint table's wall-clock column is left out.
 */
export function dumpReadModel(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  const dump: Record<string, unknown[]> = {}
  for (const table of tables) {
    const columns = (
      db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]
    ).filter((column) => !(table === 'projection_state' && column === 'updated_at'))
    const list = columns.map((column) => `"${column}"`).join(', ')
    dump[table] = db.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${list}`).all()
  }
  return dump
}

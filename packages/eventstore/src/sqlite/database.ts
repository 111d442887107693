import BetterSqlite3, { type Database } from 'better-sqlite3'
import { migrate } from './schema'

/**
 * Opens (creating if need be) an event-store file with the store's durability settings:
 * WAL, and `synchronous=FULL` so a commit survives power loss once acknowledged.
 * Shared with the benchmark so its raw baseline runs with the same settings.
 */
export function openDurableDatabase(file: string): Database {
  // Waits up to 5 s for another process's write lock instead of failing with SQLITE_BUSY.
  const db = new BetterSqlite3(file, { timeout: 5000 })
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // 64 MiB page cache: the unique indexes on event and command ids are written at random places.
    db.pragma('cache_size = -65536')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

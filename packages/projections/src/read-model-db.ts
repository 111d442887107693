import Database from 'better-sqlite3'

/**
 * Opens (or creates) a read-model SQLite file for the runner.
 *
 * WAL lets API readers query while the runner writes. `synchronous=NORMAL` may lose the last
 * transactions on a power cut (never on a process crash), but never corrupts the file; a read
 * model that loses a tail simply resumes from its older checkpoint, because rows and
 * checkpoint are in the same transaction. The log, not this file, is the system of record.
 */
export function openReadModelDb(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('temp_store = MEMORY')
  // 64 MiB page cache: bounded, and large enough that temporal-table indexes stay hot in replay.
  db.pragma('cache_size = -65536')
  // Checkpoint the WAL every ~40 MiB instead of every 4 MiB: a replay writes hundreds of MiB,
  // and fewer, larger checkpoints cost it less (README, benchmark section). Readers
  // are not slowed by a longer WAL.
  db.pragma('wal_autocheckpoint = 10000')
  return db
}

/**
 * A SQLite log filled in one go (the demo ledger, a restore) is built in a file beside its place
 * and renamed into place only when complete: an interrupted build leaves no half-built log where
 * the server would open it, and the next attempt starts over.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { EventStore } from '../contract'
import { openSqliteEventStore } from './sqlite-store'

const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
const removeLog = (file: string) => {
  for (const part of sqliteFiles(file)) rmSync(part, { force: true })
}

/** The file a log is built in before it is moved to `file`. */
export const buildingFileOf = (file: string) => `${file}.building`

/**
 * Builds the log at `file` with `build` unless a log with events is already there. Returns what
 * `build` returned, or undefined when nothing was built.
 */
export async function buildLogAside<T>(
  file: string,
  build: (store: EventStore) => Promise<T>,
): Promise<T | undefined> {
  if (existsSync(file)) {
    const existing = openSqliteEventStore({ file })
    const head = await existing.headPosition()
    await existing.close()
    if (head > 0) return undefined
  }
  const aside = buildingFileOf(file)
  mkdirSync(path.dirname(file), { recursive: true })
  removeLog(aside)
  const store = openSqliteEventStore({ file: aside })
  let result: T
  try {
    result = await build(store)
  } finally {
    // Closing checkpoints the WAL into the file, so the file alone is the whole log.
    await store.close()
  }
  removeLog(file)
  renameSync(aside, file)
  return result
}

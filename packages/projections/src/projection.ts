import type { RecordedEvent } from '@duban/eventstore'
import type Database from 'better-sqlite3'

/**
 * The read-model database as a projection's `apply` sees it. `prepare` caches by SQL text, so a
 * projection writes `db.prepare('INSERT …').run(…)` inline and still prepares each statement once.
 * The cache belongs to one projection and is thrown away when the projection is rebuilt, since
 * a new version may have reshaped its tables.
 */
export interface ProjectionDb {
  readonly connection: Database.Database
  prepare(sql: string): Database.Statement
}

/**
 * A read model fed from the global log, after Emmett's projections. The runner calls `apply`
 * for each event whose type is in `handles`, in log order, inside the transaction that also
 * moves the projection's checkpoint: a batch's rows and its checkpoint commit together or not
 * at all, so every event is applied exactly once.
 */
export interface Projection {
  /** Unique within one read-model file; also the checkpoint's key. */
  readonly name: string
  /**
   * Bump it whenever `setup` or `apply` changes meaning: the runner then drops everything the
   * old version's `setup` created and rebuilds the projection from position 0.
   */
  readonly version: number
  /** The event types `apply` cares about; the runner skips the rest without calling it. */
  readonly handles: readonly string[]
  /**
   * Creates the projection's tables and indexes. The runner records which schema objects this
   * created, so it can drop exactly those on a version change.
   */
  setup(db: Database.Database): void
  /** Applies one event, synchronously; throwing rolls the whole batch back. */
  apply(db: ProjectionDb, event: RecordedEvent): void
}

export function projectionDb(connection: Database.Database): ProjectionDb {
  const statements = new Map<string, Database.Statement>()
  return {
    connection,
    prepare(sql) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = connection.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}

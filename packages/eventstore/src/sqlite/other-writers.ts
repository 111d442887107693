import type { Database, Statement } from 'better-sqlite3'

/**
 * Whether another connection (another process: the CLI, a second server) committed to a SQLite
 * file since this connection last looked, for a reader that remembers what it read.
 * `PRAGMA data_version` changes for exactly that, never for the connection's own commits. It is
 * itself a statement with a read transaction (a few µs on a busy WAL). With `oncePerTurn` it is
 * asked at most once per turn of the event loop: the reader sees other processes' commits as of
 * the turn's first look, as a read at that moment would have (the event store's stream ends).
 * Without, at every call (the users store: a session closed elsewhere ends at once).
 */
export class OtherWriters {
  private readonly dataVersion: Statement<[], number>
  private version: number
  private lookedThisTurn = false

  constructor(
    db: Database,
    private readonly options: { oncePerTurn: boolean },
  ) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
    this.version = this.dataVersion.get()!
  }

  /** True when another connection committed since the last look (once per turn: later calls in it say false). */
  committedSinceLastLook(): boolean {
    if (this.options.oncePerTurn) {
      if (this.lookedThisTurn) return false
      this.lookedThisTurn = true
      setImmediate(() => {
        this.lookedThisTurn = false
      })
    }
    const version = this.dataVersion.get()!
    const changed = version !== this.version
    this.version = version
    return changed
  }
}

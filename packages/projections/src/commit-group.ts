import type Database from 'better-sqlite3'

/** The group whose transaction is open on a connection, if any. */
const openGroups = new WeakMap<Database.Database, CommitGroup>()

/**
 * Consecutive batches of one catch-up committed together. A replay touches the same B-tree pages
 * batch after batch, and every commit writes each page it dirtied to the WAL again: committing
 * every 100,000 events instead of every 5,000 writes each hot page once per group instead of once
 * per batch (the README's benchmark section has the bytes a replay wrote). Rows and checkpoints still
 * commit together, so a crash only loses more work to redo.
 * Batches that come in short (the head is near) commit at once: a caught-up reader never waits
 * for a group to fill.
 *
 * The batches run in the group's transaction without savepoints of their own (a savepoint
 * copies every page it touches aside, which cost as much as the commits saved): a failure rolls
 * the whole group back to its last commit. So that this never undoes anything but the group's
 * own batches, every other write on the connection — a live batch, another catch-up, a rebuild
 * — first commits the open group (`settle`).
 */
export class CommitGroup {
  private pending = 0

  constructor(
    private readonly db: Database.Database,
    private readonly eventsPerCommit: number,
  ) {}

  /** Commits the group open on `db`, if any, before a write of someone else. */
  static settle(db: Database.Database): void {
    openGroups.get(db)?.commit()
  }

  /** Before each batch: makes sure the group's transaction is open. */
  begin(): void {
    if (openGroups.get(this.db) === this) return
    CommitGroup.settle(this.db)
    this.db.exec('BEGIN')
    openGroups.set(this.db, this)
  }

  /** Counts an applied batch; commits once the group is full or the batch came in short. */
  added(events: number, short: boolean): boolean {
    this.pending += events
    return this.pending >= this.eventsPerCommit || short ? this.commit() : false
  }

  /** Commits the group's transaction; true when it held a batch. */
  commit(): boolean {
    const held = this.pending > 0
    this.end('COMMIT')
    return held
  }

  /** Undoes every batch since the last commit, rows and checkpoints alike. */
  rollback(): void {
    this.end('ROLLBACK')
  }

  private end(statement: 'COMMIT' | 'ROLLBACK'): void {
    this.pending = 0
    if (openGroups.get(this.db) !== this) return
    openGroups.delete(this.db)
    // A failed statement may have ended the transaction already (SQLite rolls back on some errors).
    if (this.db.inTransaction) this.db.exec(statement)
  }
}

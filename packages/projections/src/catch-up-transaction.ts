import type Database from 'better-sqlite3'

/** The catch-up transaction open on a connection, if any. */
const openTransactions = new WeakMap<Database.Database, CatchUpTransaction>()

/**
 * Consecutive batches of one catch-up committed together. A replay touches the same B-tree pages
 * batch after batch, and every commit writes each page it dirtied to the WAL again: committing
 * every 100,000 events instead of every 5,000 writes each hot page once per transaction instead of once
 * per batch (the README's benchmark section has the bytes a replay wrote). Rows and checkpoints still
 * commit together, so a crash only loses more work to redo.
 * Batches that come in short (the head is near) commit at once: a caught-up reader never waits
 * for a transaction to fill.
 *
 * The batches run in one transaction without savepoints of their own (a savepoint
 * copies every page it touches aside, which cost as much as the commits saved): a failure rolls
 * the whole transaction back to its last commit. So that this never undoes anything but its
 * own batches, every other write on the connection — a live batch, another catch-up, a rebuild
 * — first commits the open transaction (`settle`).
 */
export class CatchUpTransaction {
  private pending = 0

  constructor(
    private readonly db: Database.Database,
    private readonly eventsPerCommit: number,
  ) {}

  /** Commits the catch-up transaction open on `db`, if any, before a write of someone else. */
  static settle(db: Database.Database): void {
    openTransactions.get(db)?.commit()
  }

  /** Before each batch: makes sure the transaction is open. */
  begin(): void {
    if (openTransactions.get(this.db) === this) return
    CatchUpTransaction.settle(this.db)
    this.db.exec('BEGIN')
    openTransactions.set(this.db, this)
  }

  /** Counts an applied batch; commits once the transaction holds enough events or the batch came in short. */
  added(events: number, short: boolean): boolean {
    this.pending += events
    return this.pending >= this.eventsPerCommit || short ? this.commit() : false
  }

  /** Commits the transaction; true when it held a batch. */
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
    if (openTransactions.get(this.db) !== this) return
    openTransactions.delete(this.db)
    // A failed statement may have ended the transaction already (SQLite rolls back on some errors).
    if (this.db.inTransaction) this.db.exec(statement)
  }
}

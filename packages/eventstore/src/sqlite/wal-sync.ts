import { closeSync, fdatasync, openSync } from 'node:fs'
import type { Database } from 'better-sqlite3'

/**
 * The fsync of a commit, off the event loop. With `synchronous=FULL` SQLite syncs the WAL inside
 * every COMMIT, on the thread that commits: Node's only one, which serves no request meanwhile.
 * `synchronous=NORMAL` skips only that per-commit sync (SQLite still syncs the WAL before each
 * checkpoint and the database file after it), so a commit followed by an fdatasync of the WAL is
 * as durable as FULL. This runs the fdatasync on libuv's thread pool; the appends of a commit
 * are acknowledged only once a sync that started after it has returned. Commits made while a
 * sync runs share the next one (group commit on the sync as well as on the transaction).
 */
export class WalSync {
  private fd: number | undefined
  /** Committed, waiting for the next sync. */
  private waiting: Committed[] = []
  /** Covered by the sync now running. */
  private syncing: Committed[] | undefined
  private idle: (() => void)[] = []

  constructor(
    db: Database,
    private readonly walFile: string,
    private readonly sync: SyncFile = fdatasync,
  ) {
    db.pragma('synchronous = NORMAL')
  }

  /**
   * The first log position committed but not yet synced, or undefined when every commit is
   * durable: readers in this process see the log only up to before it, so nothing derived from
   * the log (a read model, an anchor) runs ahead of what survives a power cut.
   */
  get firstUnsynced(): number | undefined {
    const wrote = (commit: Committed) => commit.firstPosition !== undefined
    return (this.syncing?.find(wrote) ?? this.waiting.find(wrote))?.firstPosition
  }

  /** A commit has returned: `durable` runs once its WAL frames are on disk, `failed` if the sync fails. */
  committed(commit: Committed): void {
    this.waiting.push(commit)
    if (!this.syncing) this.syncNow()
  }

  /** Resolves when every commit so far is synced (or its sync failed). */
  drained(): Promise<void> {
    if (!this.syncing && this.waiting.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  private syncNow(): void {
    const batch = this.waiting
    this.waiting = []
    this.syncing = batch
    const settle = (error: Error | null) => {
      this.syncing = undefined
      for (const commit of batch) {
        if (error) commit.failed(error)
        else commit.durable()
      }
      if (this.waiting.length > 0) return this.syncNow()
      const idle = this.idle
      this.idle = []
      for (const resolve of idle) resolve()
    }
    try {
      // Opened at the first sync: by then a commit has created the WAL. The connection keeps the
      // file (SQLite deletes it only when the last connection closes), so the descriptor stays good.
      this.fd ??= openSync(this.walFile, 'r')
      this.sync(this.fd, settle)
    } catch (error) {
      settle(error as Error)
    }
  }
}

/** Flushes a file to disk: `fs.fdatasync`'s shape. */
export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void

export interface Committed {
  /** The first log position the commit wrote; a commit that wrote nothing has none. */
  firstPosition?: number
  durable(): void
  failed(error: Error): void
}

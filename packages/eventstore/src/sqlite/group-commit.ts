import type { Database } from 'better-sqlite3'
import type { Logger } from 'pino'
import type { PreparedAppend } from '../append-validation'
import type { AppendResult } from '../contract'
import { InvalidAppendError, storeUnavailableFrom } from '../errors'
import type { Statements } from './statements'
import type { WalSync } from './wal-sync'
import { type AppendOutcome, writeAppends } from './write-appends'

interface PendingAppend {
  append: PreparedAppend
  resolve: (result: AppendResult) => void
  reject: (error: Error) => void
}

/**
 * Group commit: appends requested in one event-loop turn are written in one transaction, so one
 * fsync covers them all. Each append's promise settles only after that transaction commits and,
 * with a `WalSync`, once the WAL is synced after it (off the event loop).
 */
export class GroupCommit {
  private pending: PendingAppend[] = []
  private scheduled: NodeJS.Immediate | undefined
  private readonly writeInTransaction: (appends: readonly PreparedAppend[]) => AppendOutcome[]

  constructor(
    db: Database,
    statements: Statements,
    /** Called after a commit that wrote events. */
    private readonly onCommitted: () => void,
    private readonly logger?: Logger,
    private readonly walSync?: WalSync,
    /** Called at each commit, before its sync, with the version each stream it wrote is now at. */
    private readonly onWrote?: (streamId: string, version: number) => void,
  ) {
    const transaction = db.transaction((appends: readonly PreparedAppend[]) =>
      writeAppends(statements, appends),
    )
    // IMMEDIATE takes the write lock up front: the batch reads the head and must not race other processes.
    this.writeInTransaction = (appends) => transaction.immediate(appends)
  }

  append(append: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ append, resolve, reject })
      // setImmediate, not a microtask: appends issued after awaits in the same turn join the batch too.
      this.scheduled ??= setImmediate(() => this.flush())
    })
  }

  /** Commits whatever is queued now, without waiting for the scheduled turn. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = undefined
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) return

    const outcomes = this.commit(batch.map((pending) => pending.append))
    for (const outcome of outcomes) {
      if (outcome.ok && !outcome.result.duplicate)
        this.onWrote?.(outcome.result.streamId, outcome.result.nextVersion)
    }
    const wrote = outcomes.find((outcome) => outcome.ok && !outcome.result.duplicate)
    const settle = (syncError?: Error) => {
      if (wrote && !syncError) this.onCommitted()
      batch.forEach((pending, index) => {
        const outcome = outcomes[index]!
        if (!outcome.ok) pending.reject(outcome.error)
        else if (syncError) pending.reject(storeUnavailableFrom(syncError) ?? syncError)
        else pending.resolve(outcome.result)
      })
    }
    if (!this.walSync) {
      settle()
      return
    }
    // Duplicates and refusals wait for the sync too: a duplicate may be of a commit not yet synced.
    const firstPosition = wrote?.ok ? wrote.result.events[0]?.position : undefined
    this.walSync.committed({
      ...(firstPosition !== undefined && { firstPosition }),
      durable: () => settle(),
      failed: (error) => {
        this.logger?.error({ err: error }, 'syncing the event log failed; its appends are not acknowledged')
        settle(error)
      },
    })
  }

  private commit(appends: PreparedAppend[]): AppendOutcome[] {
    try {
      return this.writeInTransaction(appends)
    } catch (error) {
      if (appends.length === 1) return [failure(error)]
      // A full disk or an I/O error fails every append alike: no point in retrying them one by one.
      const unavailable = storeUnavailableFrom(error)
      if (unavailable) return appends.map(() => ({ ok: false, error: unavailable }))
      // A database error rolled back the whole batch: retry each append alone so only the culprit fails.
      this.logger?.warn(
        { err: error, appends: appends.length },
        'group commit failed; retrying appends one by one',
      )
      return appends.map((append) => {
        try {
          return this.writeInTransaction([append])[0]!
        } catch (singleError) {
          return failure(singleError)
        }
      })
    }
  }
}

function failure(error: unknown): AppendOutcome {
  const unavailable = storeUnavailableFrom(error)
  if (unavailable) return { ok: false, error: unavailable }
  const message = error instanceof Error ? error.message : String(error)
  if (message.includes('UNIQUE constraint failed: explicit_event_ids.event_id')) {
    return { ok: false, error: new InvalidAppendError(`an event id of this append is already in the log`) }
  }
  return { ok: false, error: error instanceof Error ? error : new Error(message) }
}

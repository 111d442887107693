import type pg from 'pg'
import type { Logger } from 'pino'
import type { PreparedAppend } from '../append-validation'
import type { AppendResult } from '../contract'
import { InvalidAppendError } from '../errors'
import { type AppendOutcome, writeAppends } from './write-appends'

interface PendingAppend {
  append: PreparedAppend
  resolve: (result: AppendResult) => void
  reject: (error: Error) => void
}

/**
 * Every append of every process takes this transaction-scoped advisory lock before reading the
 * head: the hash chain needs the previous event's hash, so appends are serialised. Taking it
 * before any write also means a transaction's id is assigned only once it holds the lock, so
 * transaction ids grow with positions: what makes the readers' high-water mark exact.
 */
export const APPEND_LOCK = 0x64756261_6e02n
export const APPEND_CHANNEL = 'duban_events'

/** At most this many events per transaction, so one statement's arrays stay bounded. */
const MAX_EVENTS_PER_TRANSACTION = 5000

/**
 * Group commit: while one transaction is in flight, appends queue up; the next transaction
 * takes them all. One lock wait, a fixed number of round trips and one WAL flush cover a whole
 * batch, so throughput under concurrency stays near raw multi-row inserts.
 */
export class PostgresGroupCommit {
  private pending: PendingAppend[] = []
  private running: Promise<void> | undefined

  constructor(
    private readonly pool: pg.Pool,
    /** Called after a commit that wrote events. */
    private readonly onCommitted: () => void,
    private readonly logger?: Logger,
  ) {}

  append(append: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ append, resolve, reject })
      this.start()
    })
  }

  /** Resolves once everything queued so far has committed or failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running
  }

  private start(): void {
    if (this.running) return
    // setImmediate: appends issued in the same event-loop turn join the first batch too.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined
        // Appends queued between the last batch and this callback start the next run.
        if (this.pending.length > 0) this.start()
      })
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.takeBatch()
      let outcomes: AppendOutcome[]
      try {
        outcomes = await this.commit(batch.map((pending) => pending.append))
      } catch (error) {
        outcomes = batch.map(() => failure(error))
      }
      if (outcomes.some((outcome) => outcome.ok && !outcome.result.duplicate)) this.onCommitted()
      batch.forEach((pending, index) => {
        const outcome = outcomes[index]!
        if (outcome.ok) pending.resolve(outcome.result)
        else pending.reject(outcome.error)
      })
    }
  }

  private takeBatch(): PendingAppend[] {
    let events = 0
    let count = 0
    while (count < this.pending.length) {
      events += this.pending[count]!.append.events.length
      if (count > 0 && events > MAX_EVENTS_PER_TRANSACTION) break
      count += 1
    }
    return this.pending.splice(0, count)
  }

  private async commit(appends: PreparedAppend[]): Promise<AppendOutcome[]> {
    try {
      return await this.transaction(appends)
    } catch (error) {
      if (appends.length === 1) return [failure(error)]
      // A database error rolled back the whole batch: retry each append alone so only the culprit fails.
      this.logger?.warn(
        { err: error, appends: appends.length },
        'group commit failed; retrying appends one by one',
      )
      const outcomes: AppendOutcome[] = []
      for (const append of appends) {
        outcomes.push(await this.transaction([append]).then((one) => one[0]!, failure))
      }
      return outcomes
    }
  }

  private async transaction(appends: readonly PreparedAppend[]): Promise<AppendOutcome[]> {
    const client = await this.pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK.toString()])
        const { outcomes, written, lastPosition } = await writeAppends(client, appends)
        if (written > 0)
          await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, String(lastPosition)])
        await client.query('COMMIT')
        return outcomes
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError
        })
        throw error
      }
    } finally {
      client.release(broken)
    }
  }
}

function failure(error: unknown): AppendOutcome {
  const pgError = error as { code?: string; constraint?: string }
  if (pgError.code === '23505' && pgError.constraint === 'events_event_id_key') {
    return { ok: false, error: new InvalidAppendError('an event id of this append is already in the log') }
  }
  return { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
}

import { performance } from 'node:perf_hooks'
import {
  type EventStore,
  type RecordedEvent,
  type Subscription,
  storeUnavailableFrom,
} from '@duban/eventstore'
import type Database from 'better-sqlite3'
import { CatchUpTransaction } from './catch-up-transaction'
import { type EventReader, type LogEvent, recordedEvents, storedEvents } from './event-reader'
import { indexLogDays, logDaysName, logDaysVersion, setupLogDays } from './log-days'
import { type Projection, type ProjectionDb, projectionDb } from './projection'
import {
  advanceStates,
  createStateTables,
  dropTracked,
  loadStates,
  type ProjectionState,
  saveState,
  setupTracked,
} from './projection-state'
import { openReadModelDb } from './read-model-db'

/** What the runner needs of an event store: reading the log and following it. */
export type ProjectionSource = Pick<EventStore, 'readAllStored' | 'headPosition' | 'subscribe'>

export interface Progress {
  /** Position reached so far. */
  position: number
  /** The log's head as last seen; `position / head` is the fraction done. */
  head: number
  /** Events read in this run. */
  events: number
}

export interface CatchUpOptions {
  /** Called after each committed batch. */
  onProgress?: (progress: Progress) => void
  /**
   * Work in slices of about this many milliseconds: after a slice the work so far is committed
   * and the event loop gets a turn (setImmediate), mid-batch if the time is spent there. For a
   * catch-up that runs beside a server answering requests; a SQLite log's reads resolve at once,
   * so without it a long catch-up holds the loop from start to end. Unset: whole batches, a turn
   * only between reads (a replay before listening).
   */
  sliceMs?: number
}

/** Events applied between two looks at the clock in a sliced catch-up: about a millisecond's work. */
const SLICE_STEP = 16
/** How often a sliced catch-up commits what it applied (ms of catching up). */
const SLICED_COMMIT_MS = 50

export interface StartOptions extends CatchUpOptions {
  /**
   * While following: wait this many ms after a commit before applying, so the commits of a busy
   * log meanwhile share one transaction (see `SubscribeOptions.coalesceMs`); readers that must
   * see every write so far wait on `current()`. Default: apply at each commit.
   */
  coalesceMs?: number
}

export interface ProjectionLag {
  name: string
  version: number
  checkpoint: number
  head: number
  /** head − checkpoint: how far behind the log this read model is, in positions. */
  lag: number
}

export interface RunnerOptions {
  store: ProjectionSource
  projections: readonly Projection[]
  /** Events per read; bounds memory (at most two batches are held). Default 1,000. */
  batchSize?: number
  /**
   * Events per transaction while catching up (see `CatchUpTransaction`); live batches and a batch
   * that comes in short commit at once. Default 100,000.
   */
  eventsPerCommit?: number
  /**
   * After the read-model database could not be written while following (a full disk, an I/O
   * error), how long to wait before following again from the last commit. Default 1,000 ms.
   */
  refollowMs?: number
}

export class ProjectionError extends Error {
  override readonly name = 'ProjectionError'
  constructor(
    readonly projection: string,
    readonly position: number,
    options: { cause: unknown },
  ) {
    super(`projection ${projection} failed on the event at position ${position}`, options)
  }
}

interface Entry {
  projection: Projection
  handles: ReadonlySet<string>
  db: ProjectionDb
}

/**
 * Keeps a set of projections current in one read-model SQLite file.
 *
 * Every batch of the log goes through `applyBatch`, which is synchronous: in one transaction
 * (shared with the next batches while a catch-up is far behind the head: `CatchUpTransaction`), it
 * applies the batch to each projection past its checkpoint and moves the checkpoints. A batch
 * read after position A only reaches projections whose checkpoint is at least A; one still
 * behind (being rebuilt) is skipped, and the catch-up loop that rebuilds it reads the gap
 * itself. So catch-up, rebuild and live following can interleave without double-applying or
 * skipping an event.
 */
export class ProjectionRunner {
  readonly db: Database.Database
  private readonly store: ProjectionSource
  private readonly batchSize: number
  private readonly eventsPerCommit: number
  private readonly entries: Entry[]
  private subscription: Subscription | undefined
  private refollow: NodeJS.Timeout | undefined
  private readonly refollowMs: number
  private moves = 0

  /**
   * A count that changes whenever a checkpoint may have moved (a batch applied, a projection
   * reset, a catch-up rolled back): a reader that keeps a value derived from the checkpoints
   * (a view's position) asks it again only when this changed, not on every request.
   */
  get generation(): number {
    return this.moves
  }

  constructor(db: Database.Database, options: RunnerOptions) {
    this.db = db
    this.store = options.store
    this.batchSize = options.batchSize ?? 1000
    this.eventsPerCommit = options.eventsPerCommit ?? 100_000
    this.refollowMs = options.refollowMs ?? 1000
    const names = new Set<string>()
    for (const { name } of options.projections) {
      if (names.has(name) || name.startsWith('$'))
        throw new Error(`projection name taken or reserved: ${name}`)
      names.add(name)
    }
    this.entries = options.projections.map((projection) => ({
      projection,
      handles: new Set(projection.handles),
      db: projectionDb(db),
    }))
    this.init()
  }

  /** Opens the read-model file (creating it) and prepares every projection. */
  static open(file: string, options: RunnerOptions): ProjectionRunner {
    return new ProjectionRunner(openReadModelDb(file), options)
  }

  /** Creates missing projections and rebuilds from 0 those whose version changed. */
  private init(): void {
    this.db.transaction(() => {
      createStateTables(this.db)
      setupLogDays(this.db)
      const states = loadStates(this.db)
      if (!states.has(logDaysName))
        saveState(this.db, { name: logDaysName, version: logDaysVersion, position: 0 })
      for (const entry of this.entries) {
        const state = states.get(entry.projection.name)
        if (state?.version !== entry.projection.version) this.reset(entry, state !== undefined)
      }
    })()
  }

  private reset(entry: Entry, existed: boolean): void {
    this.moves += 1
    const { projection } = entry
    if (existed) dropTracked(this.db, projection.name)
    setupTracked(this.db, projection.name, () => projection.setup(this.db))
    saveState(this.db, { name: projection.name, version: projection.version, position: 0 })
    entry.db = projectionDb(this.db)
  }

  /**
   * The lowest checkpoint of this runner's projections and the date index: where a catch-up
   * starts. Rows of projections no longer defined are ignored, not dropped: their tables stay
   * until someone decides they are garbage.
   */
  private lowestCheckpoint(): number {
    const states = loadStates(this.db)
    const names = [logDaysName, ...this.entries.map((entry) => entry.projection.name)]
    return Math.min(...names.map((name) => states.get(name)?.position ?? 0))
  }

  /**
   * Applies `events`, the log's events right after position `after`, to every projection whose
   * checkpoint lies in [after, last event), and moves those checkpoints: inside a transaction the
   * caller holds, so the rows and checkpoints commit or roll back together.
   */
  private applyBatch<E extends LogEvent>(after: number, events: readonly E[], reader: EventReader<E>): void {
    const last = events.at(-1)?.position
    if (last === undefined) return
    this.moves += 1
    const states = loadStates(this.db)
    const index = states.get(logDaysName)
    if (index && index.position >= after && index.position < last) {
      indexLogDays(this.db, events, reader, index.position)
      saveState(this.db, { ...index, position: last })
    }
    const due: Due[] = []
    for (const entry of this.entries) {
      const state = states.get(entry.projection.name)
      if (state && state.position >= after && state.position < last) due.push({ entry, state })
    }
    if (due.length === 0) return
    applyEvents(due, events, reader)
    advanceStates(
      this.db,
      due.map(({ state }) => state.name),
      last,
    )
  }

  /**
   * Reads the log in batches from the lowest checkpoint until there is nothing more to read,
   * applying each batch. Resolves with the position reached. Far behind the head, batches share
   * a commit (see `CatchUpTransaction`); a failure rolls back to the last commit.
   */
  async catchUp(options: CatchUpOptions = {}): Promise<number> {
    let after = this.lowestCheckpoint()
    let head = await this.store.headPosition()
    let events = 0
    const transaction = new CatchUpTransaction(this.db, this.eventsPerCommit)
    let next = this.store.readAllStored({ after, limit: this.batchSize })
    let sliceStarted = performance.now()
    let committedAt = sliceStarted
    try {
      for (;;) {
        const batch = await next
        const last = batch.at(-1)?.position
        if (last === undefined) break
        // Read the next batch while this one is applied: a server store's I/O then overlaps the
        // SQLite work. At most two batches are ever held.
        next = this.store.readAllStored({ after: last, limit: this.batchSize })
        next.catch(() => undefined) // if applying throws, the abandoned read must not go unhandled
        // One turn of the event loop first, so the read is on the wire before the synchronous
        // apply: node-postgres's pool hands out its connection on the next tick, and without
        // this turn the query left only once the batch was applied — no overlap at all.
        await new Promise((resolve) => setImmediate(resolve))
        // Unsliced, the batch is applied whole; sliced, a few events at a time, and the loop gets
        // its turn as soon as the slice's time is spent — mid-batch if need be: how long a batch
        // takes depends on its events (a planned delivery renders its message) and on the machine's
        // load, so only the clock bounds a slice.
        const step = options.sliceMs === undefined ? batch.length : SLICE_STEP
        for (let from = 0; from < batch.length; from += step) {
          const part = from === 0 && step >= batch.length ? batch : batch.slice(from, from + step)
          transaction.begin()
          this.applyBatch(after, part, storedEvents)
          after = part.at(-1)!.position
          events += part.length
          head = Math.max(head, after)
          const endOfBatch = from + step >= batch.length
          if (transaction.added(part.length, endOfBatch && batch.length < this.batchSize))
            options.onProgress?.({ position: after, head, events })
          const now = performance.now()
          if (options.sliceMs !== undefined && now - sliceStarted >= options.sliceMs) {
            // Committed every few slices, not each: every commit writes the pages it dirtied
            // again (see CatchUpTransaction); the transaction stays open across the turn.
            if (now - committedAt >= SLICED_COMMIT_MS) {
              if (transaction.commit()) options.onProgress?.({ position: after, head, events })
              committedAt = now
            }
            await new Promise((resolve) => setImmediate(resolve))
            sliceStarted = performance.now()
          }
        }
      }
      if (transaction.commit()) options.onProgress?.({ position: after, head, events })
      return after
    } catch (error) {
      transaction.rollback()
      this.moves += 1
      throw error
    }
  }

  /**
   * Drops and rebuilds one projection (or all, and the date index, when no name is given) from
   * position 0. Readers see the projection fill up again; `lag` shows how far it has come.
   */
  async rebuild(name?: string, options: CatchUpOptions = {}): Promise<number> {
    const entries =
      name === undefined ? this.entries : this.entries.filter((entry) => entry.projection.name === name)
    if (entries.length === 0) throw new Error(`no projection named ${name}`)
    CatchUpTransaction.settle(this.db)
    this.db.transaction(() => {
      for (const entry of entries) this.reset(entry, true)
      if (name === undefined) {
        this.db.exec('DELETE FROM log_days')
        saveState(this.db, { name: logDaysName, version: logDaysVersion, position: 0 })
      }
    })()
    return this.catchUp(options)
  }

  /**
   * Catches up, then follows new appends through the store's subscription until `stop`.
   * The returned subscription's `done` rejects if a projection throws while following. When the
   * read-model database could not be written (a full disk, an I/O error), the runner follows
   * again from its last commit after `refollowMs`, until it succeeds: the read models catch up by
   * themselves once space returns, instead of standing still until the server restarts.
   */
  async start(options: StartOptions = {}): Promise<Subscription> {
    if (this.subscription) throw new Error('runner already started')
    const { coalesceMs, ...catchUpOptions } = options
    return this.follow(await this.catchUp(catchUpOptions), coalesceMs)
  }

  private follow(from: number, coalesceMs: number | undefined): Subscription {
    let after = from
    const subscription = this.store.subscribe({
      after,
      batchSize: this.batchSize,
      ...(coalesceMs !== undefined && { coalesceMs }),
      handle: (batch) => {
        CatchUpTransaction.settle(this.db)
        this.db.transaction(() => this.applyBatch(after, batch, recordedEvents))()
        after = batch.at(-1)?.position ?? after
      },
    })
    this.subscription = subscription
    subscription.done.catch((error: unknown) => {
      const unwritable =
        storeUnavailableFrom(error) ?? storeUnavailableFrom((error as { cause?: unknown } | null)?.cause)
      if (this.subscription !== subscription || !unwritable) return
      this.refollow = setTimeout(() => {
        this.refollow = undefined
        if (this.subscription === subscription) this.follow(after, coalesceMs)
      }, this.refollowMs)
    })
    return subscription
  }

  /**
   * Resolves once the projections hold every commit of this process's store announced so far:
   * a reader that must see a write it was told of (read-your-writes) waits on it when appends
   * are followed with `coalesceMs`. Not following (not started, or catching up first): at once.
   */
  current(): Promise<void> {
    return this.subscription?.current?.() ?? Promise.resolve()
  }

  async stop(): Promise<void> {
    clearTimeout(this.refollow)
    this.refollow = undefined
    const subscription = this.subscription
    this.subscription = undefined
    await subscription?.stop()
  }

  /** How far each projection is behind the log's head (for /health). */
  async lag(): Promise<ProjectionLag[]> {
    const head = await this.store.headPosition()
    const states = loadStates(this.db)
    return this.entries.map(({ projection }) => {
      const checkpoint = states.get(projection.name)?.position ?? 0
      return { name: projection.name, version: projection.version, checkpoint, head, lag: head - checkpoint }
    })
  }

  /** Stops following and closes the read-model database. */
  async close(): Promise<void> {
    await this.stop()
    this.db.close()
  }
}

interface Due {
  entry: Entry
  state: ProjectionState
}

/**
 * Hands each event, in log order, to the due projections that handle its type and have not
 * seen it. Event by event rather than projection by projection: an event is looked at once, and
 * the projections it concerns are found once per type and batch.
 */
function applyEvents<E extends LogEvent>(
  due: readonly Due[],
  events: readonly E[],
  reader: EventReader<E>,
): void {
  const byType = new Map<string, Due[]>()
  for (const logged of events) {
    let targets = byType.get(logged.type)
    if (!targets) {
      targets = due.filter(({ entry }) => entry.handles.has(logged.type))
      byType.set(logged.type, targets)
    }
    let event: RecordedEvent | undefined
    for (const { entry, state } of targets) {
      if (logged.position <= state.position) continue
      event ??= reader.decode(logged)
      try {
        entry.projection.apply(entry.db, event)
      } catch (cause) {
        throw new ProjectionError(entry.projection.name, logged.position, { cause })
      }
    }
  }
}

/**
 * The read models of one read-model SQLite file, kept by the projection runner, and the queries
 * over them — each answered now or as it stood at a past date or log position.
 */
import { policy } from '@duban/domain'
import type { EventStore } from '@duban/eventstore'
import {
  type CatchUpOptions,
  openReadModelDb,
  type ProjectionLag,
  ProjectionRunner,
  type ProjectionSource,
  preparedOnce,
  type StartOptions,
} from '@duban/projections'
import Database from 'better-sqlite3'
import { rankUnits, tally } from './metrics/on-time'
import { readModelProjections } from './projections'
import { type AsOf, resolveAsOf } from './queries/as-of'
import { type PlanDashboard, planDashboard } from './queries/dashboard'
import { taskHistory } from './queries/history-view'
import { type InboxFilters, inboxView } from './queries/inbox-view'
import { type IndicatorView, indicatorView } from './queries/indicator-view'
import { memoWorkingDays } from './queries/memo-working-days'
import { type NoticeNumber, noticeNumbers } from './queries/notice-numbers'
import { type OverdueFilters, overdueBoard } from './queries/overdue-board'
import {
  assignedUnits,
  burdenAt,
  type DateRange,
  escalationsAt,
  type TaskInfo,
  tasksAt,
} from './queries/period'
import { periodFactsOf } from './queries/period-facts'
import type { Policies } from './queries/policies'
import { type ReviewFilters, type ReviewQueue, reviewQueue } from './queries/review-queue'
import { taskBoard } from './queries/task-board'
import { type UnitViewFilters, unitView } from './queries/unit-view'
import { ViewError } from './queries/view-error'
import { nextTurn, StandingsCache } from './standings-cache'

export interface ReadModelsOptions {
  /** The read-model SQLite file (created if missing); `:memory:` for a throwaway. */
  file: string
  /** The log: read in order by the runner, by stream for task histories. */
  store: ProjectionSource & Pick<EventStore, 'readStream'>
  workingDays: policy.WorkingDays
  /** Today's business date on the ledger's clock (Asia/Shanghai). */
  today: () => string
  ladder?: policy.EscalationPolicy
  /** The runner's batch and commit sizes (`RunnerOptions`). */
  batchSize?: number
  eventsPerCommit?: number
}

/** `asOf`: a business date `YYYY-MM-DD`, a log position, or nothing for now. */
export type AsOfInput = string | number | undefined

export interface Paging {
  limit?: number
  offset?: number
}

/** The longest the standings of a plan are made for at a time before the event loop gets a turn (ms). */
const VIEW_SLICE_MS = 10
const DEFAULT_LIMIT = 50
/** Views remembered at one read position (`memo`); beyond this many, all are dropped. */
const MEMO_ENTRIES = 256
const MAX_LIMIT = 1000

/** A remembered view's key: what was asked, and the moment it was asked about. */
const memoKey = (name: string, at: AsOf, args: unknown) =>
  `${name}|${at.position}|${at.date}|${JSON.stringify(args)}`

export class ReadModels {
  readonly runner: ProjectionRunner
  readonly db: Database.Database
  /** The read-model SQLite file (`:memory:` for a throwaway). */
  readonly file: string
  private readonly policies: Policies
  private readonly store: ProjectionSource & Pick<EventStore, 'readStream'>
  private readonly today: () => string
  private position: { generation: number; value: number } | undefined
  private numbers: { position: number; map: Map<string, NoticeNumber> } | undefined
  private remembered: { read: number; views: Map<string, unknown> } = { read: -1, views: new Map() }
  private readonly standingsCache: StandingsCache

  constructor(options: ReadModelsOptions) {
    this.store = options.store
    this.file = options.file
    this.today = options.today
    this.policies = {
      // Each obligation walks the ladder it recorded (facts.ts); this one names the rest.
      ladder: options.ladder ?? policy.defaultEscalationPolicy,
      workingDays: memoWorkingDays(options.workingDays),
    }
    this.runner = new ProjectionRunner(openDb(options.file), {
      store: options.store,
      projections: readModelProjections,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.eventsPerCommit ? { eventsPerCommit: options.eventsPerCommit } : {}),
    })
    this.db = this.runner.db
    this.standingsCache = new StandingsCache(this.db, this.policies)
  }

  /** Catches up with the log, then follows it until `close` (`coalesceMs`: see `StartOptions`). */
  async start(options?: StartOptions): Promise<void> {
    await this.runner.start(options)
  }

  /** Resolves once the read models hold every commit of this process announced so far (`ProjectionRunner.current`). */
  current(): Promise<void> {
    return this.runner.current()
  }

  catchUp(options?: CatchUpOptions): Promise<number> {
    return this.runner.catchUp(options)
  }

  async rebuild(name?: string, options?: CatchUpOptions): Promise<number> {
    this.standingsCache.clear()
    const rebuilt = await this.runner.rebuild(name, options)
    this.standingsCache.clear()
    return rebuilt
  }

  lag(): Promise<ProjectionLag[]> {
    return this.runner.lag()
  }

  close(): Promise<void> {
    return this.runner.close()
  }

  /** Today's business date by the ledger's clock (a demo's stands still): names resolve as of it. */
  todayDate(): string {
    return this.today()
  }

  /** The moment a query stands at; throws ViewError on a bad date or a position beyond the log. */
  async asOf(input: AsOfInput): Promise<AsOf> {
    // Every view asks this first: a turn of the event loop before each. A view made afresh on a
    // large ledger is hundreds of ms of synchronous work, and a page asks several in a row (the
    // leadership's dashboard four); without the turns a SQLite log's reads resolve at once, the
    // page ran as one block (2.4 s after a write, load 9 on 2 cores) and every other request
    // waited for its sum instead of for one view.
    await new Promise((resolve) => setImmediate(resolve))
    const head = await this.store.headPosition()
    return resolveAsOf(this.db, input, { today: this.today(), head, readPosition: this.readPosition() })
  }

  /**
   * The position every read model has reached: a live view stands here. Asked on every view
   * request (the view cache's key), so it is read again only when the runner moved a checkpoint.
   */
  readPosition(): number {
    const generation = this.runner.generation
    if (this.position?.generation === generation) return this.position.value
    const names = readModelProjections.map((p) => p.name)
    const row = preparedOnce(
      this.db,
      `SELECT min(position) AS position FROM projection_state WHERE name IN (${names.map(() => '?').join(', ')})`,
    ).get(...names) as { position: number | null }
    this.position = { generation, value: row.position ?? 0 }
    return this.position.value
  }

  /** A unit's view; one no assignment names has an empty view (the caller decides whether it exists). */
  async unitView(unitId: string, options: { asOf?: AsOfInput } & UnitViewFilters & Paging = {}) {
    const at = await this.asOf(options.asOf)
    const { asOf: _at, limit: _limit, offset: _offset, ...filters } = options
    const args = { ...defined(filters), ...paging(options) }
    return this.memo('unitView', at, [unitId, args], () => unitView(this.db, this.policies, unitId, at, args))
  }

  async overdueBoard(options: { asOf?: AsOfInput } & OverdueFilters & Paging = {}) {
    const at = await this.asOf(options.asOf)
    const { planId, sectionId, unitId, stage, light, query } = options
    const filters: OverdueFilters = defined({ planId, sectionId, unitId, stage, light, query })
    const window = paging(options)
    return this.memo('overdueBoard', at, [filters, window], () =>
      overdueBoard(this.db, this.policies, at, filters, window),
    )
  }

  async inbox(unitId: string, options: { asOf?: AsOfInput } & InboxFilters & Paging = {}) {
    const at = await this.asOf(options.asOf)
    const { kind, unanswered, answered, query } = options
    const args = { ...defined({ kind, unanswered, answered, query }), ...paging(options) }
    return this.memo('inbox', at, [unitId, args], () => inboxView(this.db, unitId, at, args))
  }

  async indicators(
    planId: string,
    options: { asOf?: AsOfInput; taskId?: string } = {},
  ): Promise<IndicatorView> {
    const at = await this.asOf(options.asOf)
    this.requirePlan(planId)
    if (options.taskId !== undefined) this.requireTask(options.taskId)
    const view = this.memo('indicators', at, [planId, options.taskId], () =>
      indicatorView(this.db, planId, at, {
        ...(options.taskId ? { taskId: options.taskId } : {}),
        livePosition: this.readPosition(),
      }),
    )
    return view ?? { asOf: at, planId, indicators: [] }
  }

  async planDashboard(
    planId: string,
    options: { asOf?: AsOfInput } = {},
  ): Promise<PlanDashboard | { asOf: AsOf; planId: string; registered: false }> {
    const at = await this.asOf(options.asOf)
    this.requirePlan(planId)
    if (!this.remembers('planDashboard', at, planId)) await this.standingsReady(at, planId)
    return (
      this.memo('planDashboard', at, planId, () =>
        planDashboard(this.db, this.policies, planId, at, this.readPosition(), (tasks) =>
          this.standings(at, tasks),
        ),
      ) ?? {
        asOf: at,
        planId,
        registered: false,
      }
    )
  }

  async taskHistory(
    taskId: string,
    options: {
      asOf?: AsOfInput
      unitId?: string
      unitVisible?: (unitId: string) => boolean
      newestFirst?: boolean
    } & Paging = {},
  ) {
    const at = await this.asOf(options.asOf)
    this.requireTask(taskId)
    return taskHistory(this.db, this.store, taskId, at, {
      ...(options.unitId ? { unitId: options.unitId } : {}),
      ...(options.unitVisible ? { unitVisible: options.unitVisible } : {}),
      ...(options.newestFirst ? { newestFirst: true } : {}),
      ...paging(options),
    })
  }

  /** 审核队列: reports to review, extensions to decide, closings to verify (each list paged alike). */
  async reviewQueue(
    options: { asOf?: AsOfInput } & ReviewFilters & Partial<Paging> = {},
  ): Promise<ReviewQueue> {
    const { unitId, planId } = options
    return reviewQueue(this.db, await this.asOf(options.asOf), defined({ unitId, planId }), {
      limit: options.limit ?? MAX_LIMIT,
      offset: options.offset ?? 0,
    })
  }

  /** 督办单编号 of every notice (queries/notice-numbers.ts), kept until the read models move on. */
  noticeNumbers(): Map<string, NoticeNumber> {
    const position = this.readPosition()
    if (this.numbers?.position !== position) this.numbers = { position, map: noticeNumbers(this.db) }
    return this.numbers.map
  }

  /** The plans registered by the moment asked, oldest first. */
  async plans(options: { asOf?: AsOfInput } = {}) {
    const at = await this.asOf(options.asOf)
    const rows = this.db
      .prepare(
        `SELECT plan_id AS planId, title, period_from AS periodFrom, period_to AS periodTo, sections FROM rm_plans
         WHERE registered_position <= ? ORDER BY registered_position`,
      )
      .all(at.position) as {
      planId: string
      title: string
      periodFrom: number
      periodTo: number
      sections: string
    }[]
    // Each plan's sections (行动分组), for the pages' filters.
    const plans = rows.map(({ sections, ...plan }) => ({
      ...plan,
      sections: JSON.parse(sections) as { id: string; title: string }[],
    }))
    return { asOf: at, plans }
  }

  /**
   * A moment pinned exactly — a log position and the business date the ladder and lights are
   * evaluated on — as a published bulletin records it; refused beyond what the read models hold.
   */
  pinned(position: number, date: string): AsOf {
    const read = this.readPosition()
    if (!Number.isInteger(position) || position < 0 || position > read)
      throw new ViewError('unprocessable', `position ${position} is beyond the read models (${read})`)
    return { position, date, live: false }
  }

  /**
   * What the bulletin, the performance view and the 台账 count from (see queries/period.ts),
   * at a moment (`asOf` from `asOf()` or `pinned()`), under the given rules or the current ones.
   */
  periodFacts(at: AsOf, rules: Partial<Policies> = {}) {
    const policies = {
      ladder: rules.ladder ?? this.policies.ladder,
      workingDays: rules.workingDays ? memoWorkingDays(rules.workingDays) : this.policies.workingDays,
    }
    return periodFactsOf(this.db, at, policies)
  }

  /**
   * 按时报送率与排名: the obligations that fell due in a range, counted and ranked through
   * `metrics/on-time.ts` — the numbers the bulletin, the 台账 and the pages show.
   */
  async performance(options: { asOf?: AsOfInput; range: DateRange; planId?: string }) {
    const at = await this.asOf(options.asOf)
    checkRange(options.range)
    if (options.planId !== undefined) this.requirePlan(options.planId)
    const due = await this.dueAt(at, options.range, options.planId)
    const { ranking } = this.memo('performance', at, [options.range, options.planId], () => ({
      ranking: rankUnits(due, assignedUnits(this.db, at, options.planId)),
    }))
    return {
      asOf: at,
      range: options.range,
      planId: options.planId ?? null,
      overview: tally(due.map((o) => o.outcome)),
      ranking: ranking.ranked,
      nothingDue: ranking.nothingDue,
    }
  }

  /**
   * The obligations behind a performance figure (drill-down): those that fell due in the range,
   * with their outcome, for one unit or all — the very rows `performance` counts.
   */
  async dueObligations(options: { asOf?: AsOfInput; range: DateRange; planId?: string; unitId?: string }) {
    const at = await this.asOf(options.asOf)
    checkRange(options.range)
    if (options.planId !== undefined) this.requirePlan(options.planId)
    const due = await this.dueAt(at, options.range, options.planId)
    return {
      asOf: at,
      obligations: options.unitId === undefined ? due : due.filter((o) => o.unitId === options.unitId),
    }
  }

  /**
   * The obligations that fell due in a range, as `performance` counts them and its drill-down
   * lists them, from the standings kept (made ready in slices first).
   */
  private async dueAt(at: AsOf, range: DateRange, planId: string | undefined) {
    if (!this.remembers('due', at, [range, planId])) await this.standingsReady(at, planId)
    return this.memo('due', at, [range, planId], () =>
      this.standings(at, tasksAt(this.db, at, planId).values()).flatMap((s) =>
        s.due.filter((o) => o.dueDate >= range.from && o.dueDate <= range.to),
      ),
    )
  }

  /** Escalations to the leadership group (提级), newest first; `awaiting`: their obligation still unmet. */
  async escalations(options: { asOf?: AsOfInput; planId?: string; awaiting?: boolean } & Paging = {}) {
    const at = await this.asOf(options.asOf)
    if (options.planId !== undefined) this.requirePlan(options.planId)
    const { limit, offset } = paging(options)
    // Every escalation of the ledger is read for one page of them (the counts need them all).
    const { all, tasks } = this.memo('escalations', at, options.planId ?? null, () => ({
      all: escalationsAt(this.db, at, options.planId ? { planId: options.planId } : {}),
      tasks: tasksAt(this.db, at, options.planId),
    }))
    const lines = options.awaiting === undefined ? all : all.filter((e) => e.awaiting === options.awaiting)
    return {
      asOf: at,
      counts: { total: all.length, awaiting: all.filter((e) => e.awaiting).length },
      lines: lines.slice(offset, offset + limit).map((e) => ({
        ...e,
        planId: tasks.get(e.taskId)?.planId ?? null,
        number: tasks.get(e.taskId)?.number ?? null,
        title: tasks.get(e.taskId)?.title ?? null,
      })),
      page: { total: lines.length, limit, offset },
    }
  }

  /** 减负: per unit and month, reports asked, reminders and notices received, review waiting time. */
  async burden(options: { asOf?: AsOfInput; range: DateRange; planId?: string }) {
    const at = await this.asOf(options.asOf)
    checkRange(options.range)
    if (options.planId !== undefined) this.requirePlan(options.planId)
    const lines = this.memo('burden', at, [options.range, options.planId], () =>
      burdenAt(this.db, at, options.range, options.planId),
    )
    return { asOf: at, range: options.range, lines }
  }

  /** 任务亮灯: each task's own light (lead unit and indicators) with its silent units counted apart. */
  async taskBoard(planId: string, options: { asOf?: AsOfInput } = {}) {
    const at = await this.asOf(options.asOf)
    this.requirePlan(planId)
    if (!this.remembers('taskBoard', at, planId)) await this.standingsReady(at, planId)
    return {
      asOf: at,
      planId,
      tasks: this.memo('taskBoard', at, planId, () =>
        taskBoard(
          this.db,
          at,
          planId,
          this.standings(at, tasksAt(this.db, at, planId).values()).flatMap((s) => s.rows),
        ),
      ),
    }
  }

  /**
   * A view as already made for the same moment and question: views are pure functions of the
   * rows stamped up to a position, so one made at (position, date) stands until the read models
   * move on — then every remembered view is dropped. Pages ask the same views again and again
   * between two writes (a board, its filters, a reload); this keeps them from recomputing every
   * light each time. Callers must not change what they are given.
   */
  private memo<T>(name: string, at: AsOf, args: unknown, make: () => T): T {
    const read = this.readPosition()
    if (this.remembered.read !== read || this.remembered.views.size >= MEMO_ENTRIES)
      this.remembered = { read, views: new Map() }
    const key = memoKey(name, at, args)
    if (this.remembered.views.has(key)) return this.remembered.views.get(key) as T
    const view = make()
    this.remembered.views.set(key, view)
    return view
  }

  /** Whether `memo` holds this view at the read position now: then nothing need be made ready for it. */
  private remembers(name: string, at: AsOf, args: unknown): boolean {
    return this.remembered.read === this.readPosition() && this.remembered.views.has(memoKey(name, at, args))
  }

  /**
   * Makes today's standing of every task ready before anyone asks (每日预热): the first dashboard,
   * task board or on-time ranking of a new business date then finds them kept instead of making
   * every task's on the request (about 300 ms of CPU on the demo ledger). In the same slices as a
   * view's (`sliceMs`); `turn` is awaited between them (the caller's pause under load, or its stop:
   * false). Stops of itself when the business date turns meanwhile. Answers the date warmed, or
   * undefined when stopped before the end.
   */
  async warmStandings(
    options: { turn?: () => Promise<boolean>; sliceMs?: number } = {},
  ): Promise<string | undefined> {
    const at = await this.asOf(undefined)
    const turn = options.turn ?? nextTurn
    const going = async () => (await turn()) && this.today() === at.date
    const done = await this.standingsCache.prepare(
      at,
      () => this.readPosition(),
      tasksAt(this.db, at, undefined).values(),
      options.sliceMs ?? VIEW_SLICE_MS,
      going,
    )
    return done ? at.date : undefined
  }

  /** How many task standings have been made so far: a view that found them all kept made none. */
  standingsMade(): number {
    return this.standingsCache.made()
  }

  /** Each task's standing of the plan (every plan's without one) made ready in slices of the event loop. */
  private standingsReady(at: AsOf, planId: string | undefined): Promise<boolean> {
    return this.standingsCache.prepare(
      at,
      () => this.readPosition(),
      tasksAt(this.db, at, planId).values(),
      VIEW_SLICE_MS,
    )
  }

  /** Each task's standing at the moment, recomputed only for the tasks touched since it was last asked. */
  private standings(at: AsOf, tasks: Iterable<TaskInfo>) {
    return this.standingsCache.standings(at, this.readPosition(), tasks)
  }

  /** The ladder and calendar the views count with now. */
  rules(): Policies {
    return this.policies
  }

  /** The units a task is assigned to (交办), as the log recorded them: the task's own bindings. */
  unitsAssignedTo(taskId: string): string[] {
    return this.db
      .prepare('SELECT unit_id FROM rm_assignments WHERE task_id = ? ORDER BY unit_id')
      .pluck()
      .all(taskId) as string[]
  }

  /** A unit any assignment ever named. */
  knowsUnit(unitId: string): boolean {
    return this.db.prepare('SELECT 1 FROM rm_assignments WHERE unit_id = ? LIMIT 1').get(unitId) !== undefined
  }

  private requirePlan(planId: string): void {
    if (this.db.prepare('SELECT 1 FROM rm_plans WHERE plan_id = ?').get(planId) === undefined)
      throw new ViewError('not-found', `no plan ${planId}`)
  }

  private requireTask(taskId: string): void {
    if (this.db.prepare('SELECT 1 FROM rm_tasks WHERE task_id = ? LIMIT 1').get(taskId) === undefined)
      throw new ViewError('not-found', `no task ${taskId}`)
  }
}

function checkRange(range: DateRange): void {
  const date = /^\d{4}-\d{2}-\d{2}$/
  if (!date.test(range.from) || !date.test(range.to))
    throw new ViewError('bad-request', 'from and to must be dates YYYY-MM-DD')
  if (range.from > range.to) throw new ViewError('bad-request', `from ${range.from} is after to ${range.to}`)
}

/** The options given, without those left undefined (exactOptionalPropertyTypes). */
function defined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== '')) as T
}

function paging(options: Paging): { limit: number; offset: number } {
  const limit = options.limit ?? DEFAULT_LIMIT
  const offset = options.offset ?? 0
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new ViewError('bad-request', `limit must be an integer from 1 to ${MAX_LIMIT}`)
  if (!Number.isInteger(offset) || offset < 0)
    throw new ViewError('bad-request', 'offset must be an integer ≥ 0')
  return { limit, offset }
}

/**
 * The runner's read-model file, created with 16 KiB pages: replay writes hundreds of MiB of
 * narrow rows, and larger pages mean fewer page splits and WAL frames (README, benchmark section).
 * The page size only takes on a new file; an existing one keeps its own.
 */
function openDb(file: string): Database.Database {
  if (file !== ':memory:') {
    const created = new Database(file)
    if ((created.pragma('page_count', { simple: true }) as number) === 0) created.pragma('page_size = 16384')
    created.pragma('journal_mode = WAL')
    created.close()
  }
  return openReadModelDb(file)
}

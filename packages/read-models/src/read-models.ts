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
} from '@duban/projections'
import Database from 'better-sqlite3'
import { rankUnits, tally } from './metrics/on-time'
import { readModelProjections } from './projections'
import { type AsOf, resolveAsOf } from './queries/as-of'
import { type PlanDashboard, planDashboard } from './queries/dashboard'
import { taskHistory } from './queries/history-view'
import { type InboxLine, inboxView } from './queries/inbox-view'
import { type IndicatorView, indicatorView } from './queries/indicator-view'
import { ledgerRows } from './queries/ledger-rows'
import { memoWorkingDays } from './queries/memo-working-days'
import { type OverdueFilters, overdueBoard } from './queries/overdue-board'
import {
  assignedUnits,
  bulletinsAt,
  burdenAt,
  type DateRange,
  dueObligations,
  escalationsAt,
  tasksAt,
} from './queries/period'
import type { Policies } from './queries/policies'
import { type ReviewQueue, reviewQueue } from './queries/review-queue'
import { taskBoard } from './queries/task-board'
import { unitView } from './queries/unit-view'
import { ViewError } from './queries/view-error'

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

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 1000

export class ReadModels {
  readonly runner: ProjectionRunner
  readonly db: Database.Database
  private readonly policies: Policies
  private readonly store: ProjectionSource & Pick<EventStore, 'readStream'>
  private readonly today: () => string
  private position: { generation: number; value: number } | undefined

  constructor(options: ReadModelsOptions) {
    this.store = options.store
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
  }

  /** Catches up with the log, then follows it until `close`. */
  async start(options?: CatchUpOptions): Promise<void> {
    await this.runner.start(options)
  }

  catchUp(options?: CatchUpOptions): Promise<number> {
    return this.runner.catchUp(options)
  }

  rebuild(name?: string, options?: CatchUpOptions): Promise<number> {
    return this.runner.rebuild(name, options)
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
  async unitView(unitId: string, options: { asOf?: AsOfInput; planId?: string } & Paging = {}) {
    const at = await this.asOf(options.asOf)
    return unitView(this.db, this.policies, unitId, at, {
      ...(options.planId ? { planId: options.planId } : {}),
      ...paging(options),
    })
  }

  async overdueBoard(options: { asOf?: AsOfInput } & OverdueFilters & Paging = {}) {
    const at = await this.asOf(options.asOf)
    const { planId, sectionId, unitId, stage } = options
    const filters: OverdueFilters = {
      ...(planId ? { planId } : {}),
      ...(sectionId ? { sectionId } : {}),
      ...(unitId ? { unitId } : {}),
      ...(stage ? { stage } : {}),
    }
    return overdueBoard(this.db, this.policies, at, filters, paging(options))
  }

  async inbox(
    unitId: string,
    options: { asOf?: AsOfInput; kind?: InboxLine['kind']; unanswered?: boolean } & Paging = {},
  ) {
    const at = await this.asOf(options.asOf)
    return inboxView(this.db, unitId, at, {
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.unanswered !== undefined ? { unanswered: options.unanswered } : {}),
      ...paging(options),
    })
  }

  async indicators(
    planId: string,
    options: { asOf?: AsOfInput; taskId?: string } = {},
  ): Promise<IndicatorView> {
    const at = await this.asOf(options.asOf)
    this.requirePlan(planId)
    if (options.taskId !== undefined) this.requireTask(options.taskId)
    const view = indicatorView(this.db, planId, at, {
      ...(options.taskId ? { taskId: options.taskId } : {}),
      livePosition: this.readPosition(),
    })
    return view ?? { asOf: at, planId, indicators: [] }
  }

  async planDashboard(
    planId: string,
    options: { asOf?: AsOfInput } = {},
  ): Promise<PlanDashboard | { asOf: AsOf; planId: string; registered: false }> {
    const at = await this.asOf(options.asOf)
    this.requirePlan(planId)
    return (
      planDashboard(this.db, this.policies, planId, at, this.readPosition()) ?? {
        asOf: at,
        planId,
        registered: false,
      }
    )
  }

  async taskHistory(
    taskId: string,
    options: { asOf?: AsOfInput; unitId?: string; unitVisible?: (unitId: string) => boolean } & Paging = {},
  ) {
    const at = await this.asOf(options.asOf)
    this.requireTask(taskId)
    return taskHistory(this.db, this.store, taskId, at, {
      ...(options.unitId ? { unitId: options.unitId } : {}),
      ...(options.unitVisible ? { unitVisible: options.unitVisible } : {}),
      ...paging(options),
    })
  }

  /** 审核队列: reports to review, extensions to decide, closings to verify. */
  async reviewQueue(options: { asOf?: AsOfInput } = {}): Promise<ReviewQueue> {
    return reviewQueue(this.db, await this.asOf(options.asOf))
  }

  /** The plans registered by the moment asked, oldest first. */
  async plans(options: { asOf?: AsOfInput } = {}) {
    const at = await this.asOf(options.asOf)
    const plans = this.db
      .prepare(
        `SELECT plan_id AS planId, title, period_from AS periodFrom, period_to AS periodTo FROM rm_plans
         WHERE registered_position <= ? ORDER BY registered_position`,
      )
      .all(at.position) as { planId: string; title: string; periodFrom: number; periodTo: number }[]
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
    return {
      tasks: (planId?: string) => tasksAt(this.db, at, planId),
      dueObligations: (range: DateRange, planId?: string) =>
        dueObligations(this.db, policies, at, range, planId),
      assignedUnits: (planId?: string) => assignedUnits(this.db, at, planId),
      escalations: (options: { range?: DateRange; planId?: string } = {}) =>
        escalationsAt(this.db, at, options),
      burden: (range: DateRange, planId?: string) => burdenAt(this.db, at, range, planId),
      bulletins: () => bulletinsAt(this.db, at),
      ledgerRows: (planId: string) => ledgerRows(this.db, policies, at, planId),
      plans: () =>
        this.db
          .prepare(
            `SELECT plan_id AS planId, title, period_from AS periodFrom, period_to AS periodTo FROM rm_plans
             WHERE registered_position <= ? ORDER BY registered_position`,
          )
          .all(at.position) as { planId: string; title: string; periodFrom: number; periodTo: number }[],
      indicators: (planId: string) =>
        indicatorView(this.db, planId, at, { livePosition: at.position })?.indicators ?? [],
    }
  }

  /**
   * 按时报送率与排名: the obligations that fell due in a range, counted and ranked through
   * `metrics/on-time.ts` — the numbers the bulletin, the 台账 and the pages show.
   */
  async performance(options: { asOf?: AsOfInput; range: DateRange; planId?: string }) {
    const at = await this.asOf(options.asOf)
    checkRange(options.range)
    if (options.planId !== undefined) this.requirePlan(options.planId)
    const facts = this.periodFacts(at)
    const due = facts.dueObligations(options.range, options.planId)
    const ranking = rankUnits(due, facts.assignedUnits(options.planId))
    return {
      asOf: at,
      range: options.range,
      planId: options.planId ?? null,
      overview: tally(due.map((o) => o.outcome)),
      ranking: ranking.ranked,
      nothingDue: ranking.nothingDue,
    }
  }

  /** Escalations to the leadership group (提级), newest first; `awaiting`: their obligation still unmet. */
  async escalations(options: { asOf?: AsOfInput; planId?: string; awaiting?: boolean } & Paging = {}) {
    const at = await this.asOf(options.asOf)
    if (options.planId !== undefined) this.requirePlan(options.planId)
    const { limit, offset } = paging(options)
    const all = escalationsAt(this.db, at, options.planId ? { planId: options.planId } : {})
    const lines = options.awaiting === undefined ? all : all.filter((e) => e.awaiting === options.awaiting)
    const tasks = tasksAt(this.db, at, options.planId)
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
    return { asOf: at, range: options.range, lines: burdenAt(this.db, at, options.range, options.planId) }
  }

  /** 任务亮灯: each task's own light (lead unit and indicators) with its silent units counted apart. */
  async taskBoard(planId: string, options: { asOf?: AsOfInput } = {}) {
    const at = await this.asOf(options.asOf)
    this.requirePlan(planId)
    return { asOf: at, planId, tasks: taskBoard(this.db, this.policies, at, planId) }
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

/**
 * Indicators (指标): for each target of a plan's tasks (and the plan's own goals) — baseline,
 * target, actuals by period with who recorded them and when, the trajectory to the deadline,
 * the forecast landing and its light. Only accepted reports' figures count; on a shared task the
 * lead unit's figure (or the office's correction) is the task's actual, and the co-units' and
 * districts' figures are listed beside it as contributions (配合单位的贡献), never summed into it. Bitemporal: the actuals are those recorded by the
 * position asked ("as recorded on 2024-01-15"); `nowKnown` beside each says what the log knows
 * now when a later correction changed it.
 */
import type { Target } from '@duban/domain'
import type Database from 'better-sqlite3'
import { type AsOf, validAt } from './as-of'
import { expectedAt, forecast, indicatorLight, type Light, type Point, periodEnd } from './trajectory'

export interface Actual {
  period: string
  value: number
  /** `report`: from the lead unit's accepted report · `correction`: the office corrected the period. */
  source: 'report' | 'correction'
  unitId: string
  reportId: string
  recordedBy: string
  recordedAt: string
  businessDate: string
  recordedPosition: number
  /** Values recorded earlier for the same period and replaced by this one (corrections). */
  replaced: { value: number; recordedAt: string; recordedBy: string }[]
  /** The value the log holds for this period now, when it differs from `value`. */
  nowKnown?: number
}

export interface Indicator {
  planId: string
  /** null for a plan-level goal (发展目标). */
  taskId: string | null
  targetId: string
  text: string
  kind: Target['kind']
  comparator: Target['comparator'] | null
  unit: string | null
  baseline: Target['baseline'] | null
  target: number | null
  steps: Target['steps'] | null
  dueYear: number
  actuals: Actual[]
  /** Figures of the task's other units (co-units, districts), latest per unit and period. */
  contributions: Contribution[]
  /** Expected value at the end of each year from the baseline (or plan start) to the deadline. */
  trajectory: { year: number; expected: number }[]
  forecast: number | null
  light: Light | null
  behindTrajectory: boolean
}

/** A co-unit's accepted figure for a period, shown beside the task's actual. */
export interface Contribution {
  unitId: string
  period: string
  value: number
  reportId: string
  recordedAt: string
}

export interface IndicatorView {
  asOf: AsOf
  planId: string
  indicators: Indicator[]
}

interface TaskRow {
  task_id: string
  lead_unit_id: string
  deadline: string
  targets: string
}

interface ActualRow {
  target_id: string
  source: 'report' | 'correction'
  period: string
  value: number
  unit_id: string
  report_id: string
  recorded_by: string
  recorded_at: string
  business_date: string
  recorded_position: number
}

export function indicatorView(
  db: Database.Database,
  planId: string,
  asOf: AsOf,
  options: { taskId?: string; livePosition: number },
): IndicatorView | undefined {
  const plan = db
    .prepare(
      'SELECT period_from, period_to, goals FROM rm_plans WHERE plan_id = ? AND registered_position <= ?',
    )
    .get(planId, asOf.position) as { period_from: number; period_to: number; goals: string } | undefined
  if (!plan) return undefined
  const tasks = db
    .prepare(
      `SELECT t.task_id, t.lead_unit_id, t.deadline, t.targets FROM rm_tasks t WHERE t.plan_id = @plan AND ${validAt('t')}
         AND (@task IS NULL OR t.task_id = @task) ORDER BY t.task_id`,
    )
    .all({ plan: planId, position: asOf.position, task: options.taskId ?? null }) as TaskRow[]
  const actualsOf = db.prepare(
    `SELECT target_id, source, period, value, unit_id, report_id, recorded_by, recorded_at, business_date,
       recorded_position
     FROM rm_actuals WHERE task_id = @task AND recorded_position <= @position
     ORDER BY target_id, period, recorded_position`,
  )
  const indicators: Indicator[] = []
  if (options.taskId === undefined) {
    for (const goal of JSON.parse(plan.goals) as Target[])
      indicators.push(
        indicatorOf(planId, null, goal, yearOf(goal.dueOn) ?? plan.period_to, plan.period_from, [], []),
      )
  }
  for (const task of tasks) {
    const targets = JSON.parse(task.targets) as Target[]
    if (targets.length === 0) continue
    const all = actualsOf.all({ task: task.task_id, position: asOf.position }) as ActualRow[]
    const isActual = (row: ActualRow) => row.source === 'correction' || row.unit_id === task.lead_unit_id
    const rows = all.filter(isActual)
    const now = asOf.live
      ? rows
      : (actualsOf.all({ task: task.task_id, position: options.livePosition }) as ActualRow[]).filter(
          isActual,
        )
    for (const target of targets) {
      const dueYear = yearOf(target.dueOn) ?? yearOf(task.deadline) ?? plan.period_to
      const actuals = actualsFor(rows.filter((r) => r.target_id === target.id))
      const contributions = contributionsOf(all.filter((r) => r.target_id === target.id && !isActual(r)))
      const nowKnown = actualsFor(now.filter((r) => r.target_id === target.id))
      for (const actual of actuals) {
        const current = nowKnown.find((a) => a.period === actual.period)
        if (current && current.value !== actual.value) actual.nowKnown = current.value
      }
      indicators.push(
        indicatorOf(planId, task.task_id, target, dueYear, plan.period_from, actuals, contributions),
      )
    }
  }
  return { asOf, planId, indicators }
}

/** The latest value per period, each carrying the values it replaced. */
function actualsFor(rows: readonly ActualRow[]): Actual[] {
  const byPeriod = new Map<string, Actual>()
  for (const row of rows) {
    const earlier = byPeriod.get(row.period)
    byPeriod.set(row.period, {
      period: row.period,
      value: row.value,
      source: row.source,
      unitId: row.unit_id,
      reportId: row.report_id,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
      businessDate: row.business_date,
      recordedPosition: row.recorded_position,
      replaced: earlier
        ? [
            ...earlier.replaced,
            { value: earlier.value, recordedAt: earlier.recordedAt, recordedBy: earlier.recordedBy },
          ]
        : [],
    })
  }
  return [...byPeriod.values()].sort((a, b) => (periodEnd(a.period) ?? 0) - (periodEnd(b.period) ?? 0))
}

/** The latest figure per unit and period, in period order. */
function contributionsOf(rows: readonly ActualRow[]): Contribution[] {
  const latest = new Map<string, Contribution>()
  for (const row of rows) {
    latest.set(`${row.unit_id}\u0000${row.period}`, {
      unitId: row.unit_id,
      period: row.period,
      value: row.value,
      reportId: row.report_id,
      recordedAt: row.recorded_at,
    })
  }
  return [...latest.values()].sort(
    (a, b) => (periodEnd(a.period) ?? 0) - (periodEnd(b.period) ?? 0) || a.unitId.localeCompare(b.unitId),
  )
}

function indicatorOf(
  planId: string,
  taskId: string | null,
  target: Target,
  dueYear: number,
  planStart: number,
  actuals: Actual[],
  contributions: Contribution[],
): Indicator {
  const points: Point[] = actuals.flatMap((a) => {
    const t = periodEnd(a.period)
    return t === undefined ? [] : [{ t, value: a.value }]
  })
  const landing = forecast(target, points, dueYear)
  const { light, behind } = indicatorLight(withStart(target, points), points.at(-1), landing, dueYear)
  const firstYear = target.baseline ? target.baseline.year : planStart - 1
  const trajectory: { year: number; expected: number }[] = []
  for (let year = firstYear; year <= dueYear; year++) {
    const expected = expectedAt(target, year, dueYear)
    if (expected !== undefined) trajectory.push({ year, expected: Math.round(expected * 1000) / 1000 })
  }
  return {
    planId,
    taskId,
    targetId: target.id,
    text: target.text,
    kind: target.kind,
    comparator: target.comparator ?? null,
    unit: target.unit ?? null,
    baseline: target.baseline ?? null,
    target: target.value ?? null,
    steps: target.steps ?? null,
    dueYear,
    actuals,
    contributions,
    trajectory,
    forecast: landing === undefined ? null : Math.round(landing * 1000) / 1000,
    light,
    behindTrajectory: behind,
  }
}

/**
 * Most plans state a goal without a baseline ("到2024年突破1万亿元"). Held against the bare goal,
 * every figure short of it would be behind from the first quarter; instead the trajectory then
 * runs from the first actual recorded, so the light says whether the pace since then suffices.
 */
function withStart(target: Target, points: readonly Point[]): Target {
  const first = points[0]
  if (target.baseline || target.steps?.length || !first) return target
  return { ...target, baseline: { year: first.t, value: first.value } }
}

const yearOf = (date: string | undefined) => (date ? Number(date.slice(0, 4)) : undefined)

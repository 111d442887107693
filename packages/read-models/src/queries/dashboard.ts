/**
 * The plan dashboard (领导小组看板): lights by section and by unit, escalations to the leadership
 * group, and indicators against target — one plan, as of the moment asked.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import { type AsOf, validAt } from './as-of'
import { indicatorView } from './indicator-view'
import { type TaskInfo, tasksAt } from './period'
import type { Policies } from './policies'
import type { TaskStanding } from './task-standing'
import type { Light } from './trajectory'

export interface PlanDashboard {
  asOf: AsOf
  plan: { planId: string; title: string; periodFrom: number; periodTo: number }
  /** Assignments by light. */
  lights: policy.LightCounts
  /** Per section: its tasks' lights (a task shows its worst assignment) and its assignments'. */
  bySection: {
    sectionId: string
    title: string
    tasks: policy.LightCounts
    assignments: policy.LightCounts
  }[]
  byUnit: { unitId: string; assignments: policy.LightCounts }[]
  /** The items behind the counts (drill-down): each task's light, each assignment's light. */
  items: {
    tasks: { taskId: string; sectionId: string; light: Light }[]
    assignments: { taskId: string; unitId: string; light: Light }[]
  }
  escalations: {
    total: number
    latest: { unitId: string; taskId: string; escalationId: string; on: string; reason: string | null }[]
  }
  indicators: {
    lights: Record<Light | 'none', number>
    items: {
      taskId: string | null
      targetId: string
      text: string
      target: number | null
      latest: { period: string; value: number } | null
      forecast: number | null
      light: Light | null
    }[]
  }
}

/**
 * `standings`: each task's standing at the moment (`queries/task-standing.ts`), made afresh or
 * kept since the last write (`standings-cache.ts`) — the same either way.
 */
export function planDashboard(
  db: Database.Database,
  policies: Policies,
  planId: string,
  asOf: AsOf,
  livePosition: number,
  standings: (tasks: Iterable<TaskInfo>) => TaskStanding[],
): PlanDashboard | undefined {
  const plan = db
    .prepare(
      'SELECT title, period_from, period_to, sections FROM rm_plans WHERE plan_id = ? AND registered_position <= ?',
    )
    .get(planId, asOf.position) as
    | { title: string; period_from: number; period_to: number; sections: string }
    | undefined
  if (!plan) return undefined
  const at = { position: asOf.position, plan: planId }
  const tasks = db
    .prepare(
      `SELECT t.task_id, t.section_id, t.status FROM rm_tasks t WHERE t.plan_id = @plan AND ${validAt('t')}`,
    )
    .all(at) as { task_id: string; section_id: string; status: string }[]
  const infos = tasksAt(db, asOf, planId)
  const partsOf = new Map(
    standings(tasks.flatMap((t) => infos.get(t.task_id) ?? [])).map((s) => [s.task.taskId, s.parts]),
  )
  const sections = JSON.parse(plan.sections) as { id: string; title: string }[]
  const bySection = new Map(
    sections.map((s) => [s.id, { tasks: policy.emptyLightCounts(), assignments: policy.emptyLightCounts() }]),
  )
  const byUnit = new Map<string, policy.LightCounts>()
  const lights = policy.emptyLightCounts()
  const items: PlanDashboard['items'] = { tasks: [], assignments: [] }
  for (const task of tasks) {
    const assignmentVerdicts: policy.LightVerdict[] = []
    for (const { unitId, verdict } of partsOf.get(task.task_id) ?? []) {
      assignmentVerdicts.push(verdict)
      items.assignments.push({ taskId: task.task_id, unitId, light: verdict.light })
      lights[verdict.light]++
      const unit = byUnit.get(unitId) ?? policy.emptyLightCounts()
      unit[verdict.light]++
      byUnit.set(unitId, unit)
    }
    const section = bySection.get(task.section_id)
    if (!section) continue
    for (const v of assignmentVerdicts) section.assignments[v.light]++
    const taskLight = policy.taskLight(
      { taskId: task.task_id, assignments: assignmentVerdicts },
      policies.ladder,
    )
    section.tasks[taskLight.light]++
    items.tasks.push({ taskId: task.task_id, sectionId: task.section_id, light: taskLight.light })
  }

  const taskIds = new Set(tasks.map((t) => t.task_id))
  const escalations = (
    db
      .prepare(
        `SELECT i.unit_id, i.task_id, i.item_id, i.issued_on, i.text FROM rm_inbox i INDEXED BY rm_inbox_escalations
         WHERE i.kind = 'escalation' AND i.issued_position <= @position ORDER BY i.issued_position DESC`,
      )
      .all(at) as {
      unit_id: string
      task_id: string
      item_id: string
      issued_on: string
      text: string | null
    }[]
  ).filter((row) => taskIds.has(row.task_id))

  const indicators = indicatorView(db, planId, asOf, { livePosition })?.indicators ?? []
  const indicatorLights: Record<Light | 'none', number> = { green: 0, yellow: 0, red: 0, none: 0 }
  for (const indicator of indicators) indicatorLights[indicator.light ?? 'none']++

  return {
    asOf,
    plan: { planId, title: plan.title, periodFrom: plan.period_from, periodTo: plan.period_to },
    lights,
    bySection: sections.map((s) => ({
      sectionId: s.id,
      title: s.title,
      ...(bySection.get(s.id) ?? {
        tasks: policy.emptyLightCounts(),
        assignments: policy.emptyLightCounts(),
      }),
    })),
    byUnit: [...byUnit]
      .map(([unitId, assignments]) => ({ unitId, assignments }))
      .sort((a, b) => a.unitId.localeCompare(b.unitId)),
    items,
    escalations: {
      total: escalations.length,
      latest: escalations.slice(0, 20).map((row) => ({
        unitId: row.unit_id,
        taskId: row.task_id,
        escalationId: row.item_id.slice('escalation:'.length),
        on: row.issued_on,
        reason: row.text,
      })),
    },
    indicators: {
      lights: indicatorLights,
      items: indicators.map((i) => {
        const latest = i.actuals.at(-1)
        return {
          taskId: i.taskId,
          targetId: i.targetId,
          text: i.text,
          target: i.target,
          latest: latest ? { period: latest.period, value: latest.value } : null,
          forecast: i.forecast,
          light: i.light,
        }
      }),
    },
  }
}

/**
 * The overdue board (逾期清单) of the supervision office: every obligation past its due date with
 * no accepted report, on an open assignment of an open task — how many working days overdue
 * (工作日, China's calendar with 调休), its ladder stage, unit and task. Filters by plan, section,
 * unit and stage; the most overdue first.
 */
import type { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import type { StoredFacts } from '../projections/obligations'
import { type AsOf, validAt } from './as-of'
import { type Policies, standingOf } from './lights'
import type { Page } from './page'

export interface OverdueFilters {
  planId?: string
  sectionId?: string
  unitId?: string
  stage?: string
}

export interface OverdueLine {
  unitId: string
  taskId: string
  planId: string
  sectionId: string
  number: string
  title: string
  obligationId: string
  period: string
  dueDate: string
  status: 'open' | 'under_review'
  /** Working days after the due date up to and including the date asked. */
  workingDaysOverdue: number
  stage: string | null
  light: policy.Light
  reason: policy.LightVerdict['reason']
}

export interface OverdueBoard {
  asOf: AsOf
  filters: OverdueFilters
  /** Lines per ladder stage, over every line matching the other filters. */
  byStage: Record<string, number>
  lines: OverdueLine[]
  page: Page
}

interface Row {
  unit_id: string
  task_id: string
  plan_id: string
  section_id: string
  number: string
  title: string
  obligation_id: string
  period: string
  due_date: string
  status: 'open' | 'under_review'
  facts: string
}

export function overdueBoard(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  filters: OverdueFilters,
  paging: { limit: number; offset: number },
): OverdueBoard {
  const rows = db
    .prepare(
      `SELECT o.unit_id, o.task_id, t.plan_id, t.section_id, t.number, t.title, o.obligation_id, o.period,
              o.due_date, o.status, o.facts
       FROM rm_obligations o INDEXED BY rm_obligations_due
       JOIN rm_tasks t ON t.task_id = o.task_id AND ${validAt('t')}
       JOIN rm_assignments a ON a.unit_id = o.unit_id AND a.task_id = o.task_id AND ${validAt('a')}
       WHERE o.status <> 'met' AND o.due_date < @date AND ${validAt('o')}
         AND a.status <> 'closed' AND t.status <> 'closed'
         AND (@plan IS NULL OR t.plan_id = @plan) AND (@section IS NULL OR t.section_id = @section)
         AND (@unit IS NULL OR o.unit_id = @unit)`,
    )
    .all({
      position: asOf.position,
      date: asOf.date,
      plan: filters.planId ?? null,
      section: filters.sectionId ?? null,
      unit: filters.unitId ?? null,
    }) as Row[]
  const byStage: Record<string, number> = {}
  const lines: OverdueLine[] = []
  for (const row of rows) {
    const standing = standingOf(JSON.parse(row.facts) as StoredFacts, asOf.date, policies)
    const stage = standing.stage ?? 'none'
    byStage[stage] = (byStage[stage] ?? 0) + 1
    if (filters.stage !== undefined && stage !== filters.stage) continue
    lines.push({
      unitId: row.unit_id,
      taskId: row.task_id,
      planId: row.plan_id,
      sectionId: row.section_id,
      number: row.number,
      title: row.title,
      obligationId: row.obligation_id,
      period: row.period,
      dueDate: row.due_date,
      status: row.status,
      workingDaysOverdue: policies.workingDays.workingDaysBetween(row.due_date, asOf.date),
      stage: standing.stage,
      light: standing.verdict.light,
      reason: standing.verdict.reason,
    })
  }
  lines.sort(
    (a, b) =>
      b.workingDaysOverdue - a.workingDaysOverdue ||
      a.unitId.localeCompare(b.unitId) ||
      a.taskId.localeCompare(b.taskId) ||
      a.obligationId.localeCompare(b.obligationId),
  )
  return {
    asOf,
    filters,
    byStage,
    lines: lines.slice(paging.offset, paging.offset + paging.limit),
    page: { total: lines.length, limit: paging.limit, offset: paging.offset },
  }
}

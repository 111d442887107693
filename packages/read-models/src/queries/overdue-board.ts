/**
 * The overdue board (逾期清单) of the supervision office: every obligation past its due date with
 * no accepted report, on an open assignment of an open task — how many working days overdue
 * (工作日, China's calendar with 调休), its ladder stage, unit and task. Filters by plan, section,
 * unit and stage; the most overdue first.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'
import { type AsOf, assignmentsAt, validAt } from './as-of'
import { obligationsAt, unitScope } from './facts'
import type { Page } from './page'
import type { Policies } from './policies'

export interface OverdueFilters {
  planId?: string
  sectionId?: string
  unitId?: string
  stage?: string
  light?: policy.Light
  /** Words of the task's number or title. */
  query?: string
}

/** A unit on the board: its lines among those matching, how many red, the longest overdue. */
export interface OverdueUnit {
  unitId: string
  lines: number
  red: number
  worstDays: number
  worstTaskId: string
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
  /** Lines per light, over every line matching the filters. */
  byLight: policy.LightCounts
  /** Every unit with a matching line, the most lines first (the board's 按单位 table, never cut off by paging). */
  byUnit: OverdueUnit[]
  lines: OverdueLine[]
  page: Page
}

interface TaskRow {
  task_id: string
  plan_id: string
  section_id: string
  number: string
  title: string
  status: string
}

export function overdueBoard(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  filters: OverdueFilters,
  paging: { limit: number; offset: number },
): OverdueBoard {
  const at = { position: asOf.position }
  const tasks = new Map(
    (
      db
        .prepare(
          `SELECT t.task_id, t.plan_id, t.section_id, t.number, t.title, t.status FROM rm_tasks t WHERE ${validAt('t')}`,
        )
        .all(at) as TaskRow[]
    ).map((t) => [t.task_id, t]),
  )
  const closedAssignments = new Set(
    db
      .prepare(
        `SELECT a.unit_id || '~' || a.task_id FROM ${assignmentsAt('a.changed_position IS NOT NULL')} a WHERE a.status IN ('closed', 'transferred')`,
      )
      .pluck()
      .all(at) as string[],
  )
  // Unmet at P and due before the date (by the due date in force at P, which an extension
  // recorded after P may since have moved).
  const candidates = obligationsAt(
    db,
    asOf.position,
    filters.unitId ? unitScope(filters.unitId) : { where: '1 = 1', params: {} },
    {
      obligations: `AND (met_position IS NULL OR met_position > @position)
        AND (due_date < @date OR EXISTS (SELECT 1 FROM rm_due_changes c WHERE c.unit_id = rm_obligations.unit_id
          AND c.task_id = rm_obligations.task_id AND c.obligation_id = rm_obligations.obligation_id
          AND c.position > @position))`,
      params: { date: asOf.date },
    },
  )
  const byStage: Record<string, number> = {}
  const words = filters.query?.trim()
  const lines: OverdueLine[] = []
  for (const o of candidates) {
    const task = tasks.get(o.taskId)
    if (!task || task.status === 'closed' || closedAssignments.has(`${o.unitId}~${o.taskId}`)) continue
    if (o.status === 'met' || o.dueDate >= asOf.date) continue
    if (filters.planId !== undefined && task.plan_id !== filters.planId) continue
    if (filters.sectionId !== undefined && task.section_id !== filters.sectionId) continue
    const standing = policy.obligationStanding(o.facts, asOf.date, policies.ladder, policies.workingDays)
    const stage = standing.stage ?? 'none'
    byStage[stage] = (byStage[stage] ?? 0) + 1
    if (filters.stage !== undefined && stage !== filters.stage) continue
    if (filters.light !== undefined && standing.verdict.light !== filters.light) continue
    if (words && !`第${task.number}项 ${task.title}`.includes(words) && task.number !== words) continue
    lines.push({
      unitId: o.unitId,
      taskId: o.taskId,
      planId: task.plan_id,
      sectionId: task.section_id,
      number: task.number,
      title: task.title,
      obligationId: o.obligationId,
      period: o.period,
      dueDate: o.dueDate,
      status: o.status,
      workingDaysOverdue: policies.workingDays.workingDaysBetween(o.dueDate, asOf.date),
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
  const byLight = policy.emptyLightCounts()
  const units = new Map<string, OverdueUnit>()
  for (const line of lines) {
    byLight[line.light]++
    const unit = units.get(line.unitId)
    if (!unit)
      units.set(line.unitId, {
        unitId: line.unitId,
        lines: 1,
        red: line.light === 'red' ? 1 : 0,
        worstDays: line.workingDaysOverdue,
        worstTaskId: line.taskId,
      })
    else {
      unit.lines++
      if (line.light === 'red') unit.red++
    }
  }
  return {
    asOf,
    filters,
    byStage,
    byLight,
    byUnit: [...units.values()].sort((a, b) => b.lines - a.lines || a.unitId.localeCompare(b.unitId)),
    lines: lines.slice(paging.offset, paging.offset + paging.limit),
    page: { total: lines.length, limit: paging.limit, offset: paging.offset },
  }
}

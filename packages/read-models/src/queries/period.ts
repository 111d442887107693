/**
 * The facts a bulletin (督查通报), the performance view and the 台账 export count from, as of a
 * moment: obligations that fell due in a range with their outcome, escalations with the
 * bulletin that listed them, and the reporting burden (减负) by unit and month. The counting
 * itself is `metrics/on-time.ts`.
 */
import type Database from 'better-sqlite3'
import { fellDue, type Outcome, outcomeOn } from '../metrics/on-time'
import { type AsOf, assignmentsAt, validAt } from './as-of'
import { dueDateAt, obligationsAt, planScope, type Scope } from './facts'
import type { Policies } from './policies'

export interface DateRange {
  from: string
  to: string
}

export interface TaskInfo {
  taskId: string
  planId: string
  sectionId: string
  number: string
  title: string
  leadUnitId: string
  status: string
}

export interface DueObligation {
  unitId: string
  taskId: string
  planId: string
  role: string
  obligationId: string
  period: string
  dueDate: string
  outcome: Outcome
  /** Reports of it returned (退回) by then. */
  returned: number
}

const everything: Scope = { where: '1 = 1', params: {} }
const scopeOf = (planId: string | undefined): Scope => (planId ? planScope(planId) : everything)

/** Every task registered by the moment, by id. */
export function tasksAt(db: Database.Database, asOf: AsOf, planId?: string): Map<string, TaskInfo> {
  const rows = db
    .prepare(
      `SELECT t.task_id AS taskId, t.plan_id AS planId, t.section_id AS sectionId, t.number, t.title,
         t.lead_unit_id AS leadUnitId, t.status FROM rm_tasks t
       WHERE ${validAt('t')} AND (@plan IS NULL OR t.plan_id = @plan) ORDER BY t.plan_id, t.task_id`,
    )
    .all({ position: asOf.position, plan: planId ?? null }) as TaskInfo[]
  return new Map(rows.map((r) => [r.taskId, r]))
}

/**
 * The obligations whose due date (the one in force then) lies in the range and had passed by
 * the date asked, each with its outcome. Due dates are filtered after reading them as of the
 * position, never by the current column: an extension recorded later must not move an
 * obligation into or out of a bulletin already published.
 */
export function dueObligations(
  db: Database.Database,
  policies: Policies,
  asOf: AsOf,
  range: DateRange,
  planId?: string,
): DueObligation[] {
  const tasks = tasksAt(db, asOf, planId)
  const roles = new Map(
    (
      db
        .prepare(`SELECT a.unit_id, a.task_id, a.role FROM ${assignmentsAt('1 = 1')} a`)
        .all({ position: asOf.position }) as { unit_id: string; task_id: string; role: string }[]
    ).map((r) => [`${r.unit_id}~${r.task_id}`, r.role]),
  )
  const result: DueObligation[] = []
  for (const o of obligationsAt(db, asOf.position, scopeOf(planId))) {
    if (o.dueDate < range.from || o.dueDate > range.to || !fellDue(o.dueDate, asOf.date)) continue
    const task = tasks.get(o.taskId)
    if (!task) continue
    result.push({
      unitId: o.unitId,
      taskId: o.taskId,
      planId: task.planId,
      role: roles.get(`${o.unitId}~${o.taskId}`) ?? 'co',
      obligationId: o.obligationId,
      period: o.period,
      dueDate: o.dueDate,
      outcome: outcomeOn(o.facts, asOf.date, policies),
      returned: o.facts.reports.filter((r) => r.review?.outcome === 'returned').length,
    })
  }
  return result
}

/** The units assigned (交办) by the moment: the ones a ranking names, due or not. */
export function assignedUnits(db: Database.Database, asOf: AsOf, planId?: string): string[] {
  return db
    .prepare(
      `SELECT DISTINCT a.unit_id FROM ${assignmentsAt('1 = 1')} a
       WHERE @plan IS NULL OR a.task_id IN (SELECT task_id FROM rm_tasks WHERE plan_id = @plan)
       ORDER BY a.unit_id`,
    )
    .pluck()
    .all({ position: asOf.position, plan: planId ?? null }) as string[]
}

export interface EscalationLine {
  taskId: string
  unitId: string
  escalationId: string
  obligationId: string | null
  on: string
  reason: string | null
  position: number
  /** The bulletin that listed it, by then; null when none has yet. */
  listedIn: string | null
  /** Its obligation still unmet: the leadership group's attention is still needed. */
  awaiting: boolean
}

/** Escalations to the leadership group (提级) recorded by the moment, in a range of dates if given, newest first. */
export function escalationsAt(
  db: Database.Database,
  asOf: AsOf,
  options: { range?: DateRange; planId?: string } = {},
): EscalationLine[] {
  const rows = db
    .prepare(
      `SELECT i.task_id, i.unit_id, i.item_id, i.obligation_id, i.issued_on, i.text, i.issued_position,
         (SELECT l.bulletin_id FROM rm_bulletin_listings l WHERE l.task_id = i.task_id AND l.unit_id = i.unit_id
            AND l.escalation_id = substr(i.item_id, 12) AND l.position <= @position
          ORDER BY l.position LIMIT 1) AS listed_in,
         (SELECT o.met_position FROM rm_obligations o WHERE o.unit_id = i.unit_id AND o.task_id = i.task_id
            AND o.obligation_id = i.obligation_id) AS met_position
       FROM rm_inbox i INDEXED BY rm_inbox_escalations
       WHERE i.kind = 'escalation' AND i.issued_position <= @position
         AND (@from IS NULL OR i.issued_on >= @from) AND (@to IS NULL OR i.issued_on <= @to)
         AND (@plan IS NULL OR i.task_id IN (SELECT task_id FROM rm_tasks WHERE plan_id = @plan))
       ORDER BY i.issued_position DESC`,
    )
    .all({
      position: asOf.position,
      from: options.range?.from ?? null,
      to: options.range?.to ?? null,
      plan: options.planId ?? null,
    }) as {
    task_id: string
    unit_id: string
    item_id: string
    obligation_id: string | null
    issued_on: string
    text: string | null
    issued_position: number
    listed_in: string | null
    met_position: number | null
  }[]
  return rows.map((r) => ({
    taskId: r.task_id,
    unitId: r.unit_id,
    escalationId: r.item_id.slice('escalation:'.length),
    obligationId: r.obligation_id,
    on: r.issued_on,
    reason: r.text,
    position: r.issued_position,
    listedIn: r.listed_in,
    awaiting: r.met_position === null || r.met_position > asOf.position,
  }))
}

export interface BurdenLine {
  unitId: string
  /** YYYY-MM */
  month: string
  /** Reports asked (报送义务) falling due in the month. */
  reportsAsked: number
  reminders: number
  notices: number
  /** Reports submitted in the month and reviewed by then; the mean calendar days they waited. */
  reviewed: number
  meanReviewWaitDays: number | null
}

/** 减负: per unit and month, what supervision asked of it and how long its reports waited for review. */
export function burdenAt(db: Database.Database, asOf: AsOf, range: DateRange, planId?: string): BurdenLine[] {
  const params = { position: asOf.position, from: range.from, to: range.to, plan: planId ?? null }
  const inPlan = 'AND (@plan IS NULL OR task_id IN (SELECT task_id FROM rm_tasks WHERE plan_id = @plan))'
  const lines = new Map<string, BurdenLine>()
  const line = (unitId: string, month: string) => {
    const key = `${unitId}\u0000${month}`
    let found = lines.get(key)
    if (!found) {
      found = {
        unitId,
        month,
        reportsAsked: 0,
        reminders: 0,
        notices: 0,
        reviewed: 0,
        meanReviewWaitDays: null,
      }
      lines.set(key, found)
    }
    return found
  }
  // The due date as it stood at P is what counts: counted in SQL, since no report or notice is needed.
  for (const r of db
    .prepare(
      `SELECT unit_id, substr(due_on, 1, 7) AS month, count(*) AS n FROM (
         SELECT o.unit_id, ${dueDateAt('o')} AS due_on FROM rm_obligations o
         WHERE o.opened_position <= @position AND (@plan IS NULL OR o.task_id IN
           (SELECT task_id FROM rm_tasks WHERE plan_id = @plan AND valid_from_position <= @position)))
       WHERE due_on BETWEEN @from AND @to GROUP BY unit_id, month`,
    )
    .all(params) as { unit_id: string; month: string; n: number }[])
    line(r.unit_id, r.month).reportsAsked += r.n
  for (const r of db
    .prepare(
      `SELECT unit_id, substr(issued_on, 1, 7) AS month, kind, count(*) AS n FROM rm_inbox
       WHERE kind IN ('reminder', 'notice') AND issued_position <= @position
         AND issued_on BETWEEN @from AND @to ${inPlan}
       GROUP BY unit_id, month, kind`,
    )
    .all(params) as { unit_id: string; month: string; kind: string; n: number }[]) {
    const l = line(r.unit_id, r.month)
    if (r.kind === 'reminder') l.reminders += r.n
    else l.notices += r.n
  }
  for (const r of db
    .prepare(
      `SELECT unit_id, substr(submitted_on, 1, 7) AS month, count(*) AS n,
         avg(julianday(reviewed_on) - julianday(submitted_on)) AS wait FROM rm_reports
       WHERE submitted_position <= @position AND reviewed_position <= @position
         AND submitted_on BETWEEN @from AND @to ${inPlan}
       GROUP BY unit_id, month`,
    )
    .all(params) as { unit_id: string; month: string; n: number; wait: number }[]) {
    const l = line(r.unit_id, r.month)
    l.reviewed = r.n
    l.meanReviewWaitDays = Math.round(r.wait * 10) / 10
  }
  return [...lines.values()].sort((a, b) =>
    a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : a.month < b.month ? -1 : a.month > b.month ? 1 : 0,
  )
}

export interface PublishedBulletin {
  bulletinId: string
  periodFrom: string
  periodTo: string
  planId: string | null
  title: string
  docNumber: string
  publishedPosition: number | null
  publishedOn: string | null
  asOfPosition: number | null
  asOfDate: string | null
  summary: unknown
}

/** Bulletins drafted by the moment (published ones carry their position), newest first. */
export function bulletinsAt(db: Database.Database, asOf: AsOf): PublishedBulletin[] {
  const rows = db
    .prepare(
      `SELECT bulletin_id, period_from, period_to, plan_id, title, doc_number, published_position, published_on,
         as_of_position, as_of_date, summary FROM rm_bulletins WHERE drafted_position <= @position
       ORDER BY coalesce(published_position, drafted_position) DESC`,
    )
    .all({ position: asOf.position }) as Record<string, string | number | null>[]
  return rows.map((r) => {
    const published = r['published_position'] !== null && Number(r['published_position']) <= asOf.position
    return {
      bulletinId: String(r['bulletin_id']),
      periodFrom: String(r['period_from']),
      periodTo: String(r['period_to']),
      planId: (r['plan_id'] as string | null) ?? null,
      title: String(r['title']),
      docNumber: String(r['doc_number']),
      publishedPosition: published ? Number(r['published_position']) : null,
      publishedOn: published ? String(r['published_on']) : null,
      asOfPosition: published ? Number(r['as_of_position']) : null,
      asOfDate: published ? String(r['as_of_date']) : null,
      summary: published && r['summary'] ? JSON.parse(String(r['summary'])) : null,
    }
  })
}

/**
 * Lights (亮灯) for every obligation, assignment, task and unit as of a business date, read from
 * the due index's facts through the domain's pure light rules. Every verdict keeps its reason:
 * the rule, the policy version, and the ids of the obligations, reports and notices behind it.
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'

export interface AssignmentLight {
  streamId: string
  taskId: string
  unitId: string
  verdict: policy.LightVerdict
}

export interface UnitLights {
  unitId: string
  assignments: number
  green: number
  yellow: number
  red: number
  /** Why the unit's worst assignment shows its light. */
  worst: AssignmentLight | null
}

export interface LightsReport {
  asOf: string
  assignments: AssignmentLight[]
  tasks: { taskId: string; verdict: policy.LightVerdict }[]
  units: UnitLights[]
}

const rank: Record<policy.Light, number> = { green: 0, yellow: 1, red: 2 }

export function lightsAsOf(
  db: Database.Database,
  asOf: string,
  ladder: policy.EscalationPolicy,
  workingDays: policy.WorkingDays,
): LightsReport {
  const rows = db
    .prepare(
      `SELECT a.stream_id, a.task_id, a.unit_id, a.closed, COALESCE(t.closed, 0) AS task_closed, o.facts
       FROM sched_assignments a LEFT JOIN sched_tasks t ON t.task_id = a.task_id
       LEFT JOIN sched_obligations o ON o.stream_id = a.stream_id
       ORDER BY a.stream_id, o.obligation_id`,
    )
    .all() as {
    stream_id: string
    task_id: string
    unit_id: string
    closed: number
    task_closed: number
    facts: string | null
  }[]

  const grouped = new Map<
    string,
    { taskId: string; unitId: string; closed: boolean; obligations: policy.LightVerdict[] }
  >()
  for (const row of rows) {
    let entry = grouped.get(row.stream_id)
    if (!entry) {
      entry = {
        taskId: row.task_id,
        unitId: row.unit_id,
        closed: row.closed === 1 || row.task_closed === 1,
        obligations: [],
      }
      grouped.set(row.stream_id, entry)
    }
    if (row.facts) entry.obligations.push(policy.lightFor(JSON.parse(row.facts), asOf, ladder, workingDays))
  }

  const assignments = [...grouped].map(([streamId, entry]): AssignmentLight => {
    // The assignment is named as the read models name it, so both reports give the same verdict.
    const verdict = policy.assignmentLight(
      {
        assignmentId: `${entry.taskId}~${entry.unitId}`,
        closed: entry.closed,
        obligations: entry.obligations,
      },
      ladder,
    )
    return { streamId, taskId: entry.taskId, unitId: entry.unitId, verdict }
  })

  const byTask = new Map<string, policy.LightVerdict[]>()
  const byUnit = new Map<string, AssignmentLight[]>()
  for (const assignment of assignments) {
    byTask.set(assignment.taskId, [...(byTask.get(assignment.taskId) ?? []), assignment.verdict])
    byUnit.set(assignment.unitId, [...(byUnit.get(assignment.unitId) ?? []), assignment])
  }
  const tasks = [...byTask].map(([taskId, verdicts]) => ({
    taskId,
    verdict: policy.taskLight({ taskId, assignments: verdicts }, ladder),
  }))
  const units = [...byUnit]
    .map(([unitId, lights]): UnitLights => {
      const count = (light: policy.Light) => lights.filter((l) => l.verdict.light === light).length
      const worst = lights.reduce<AssignmentLight | null>(
        (acc, l) => (!acc || rank[l.verdict.light] > rank[acc.verdict.light] ? l : acc),
        null,
      )
      return {
        unitId,
        assignments: lights.length,
        green: count('green'),
        yellow: count('yellow'),
        red: count('red'),
        worst,
      }
    })
    .sort((a, b) => a.unitId.localeCompare(b.unitId))
  return { asOf, assignments, tasks, units }
}

/**
 * Lights (亮灯) for every assignment, task and unit as of a business date, read from the due
 * index's facts through the domain's one lights module (`policy.lightsReport`).
 */
import { policy } from '@duban/domain'
import type Database from 'better-sqlite3'

export function lightsAsOf(
  db: Database.Database,
  asOf: string,
  ladder: policy.EscalationPolicy,
  workingDays: policy.WorkingDays,
): policy.LightsReport {
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
    {
      streamId: string
      taskId: string
      unitId: string
      closed: boolean
      obligations: policy.ObligationFacts[]
    }
  >()
  for (const row of rows) {
    let entry = grouped.get(row.stream_id)
    if (!entry) {
      entry = {
        streamId: row.stream_id,
        taskId: row.task_id,
        unitId: row.unit_id,
        closed: row.closed === 1 || row.task_closed === 1,
        obligations: [],
      }
      grouped.set(row.stream_id, entry)
    }
    if (row.facts) entry.obligations.push(JSON.parse(row.facts))
  }
  // An obligation that recorded no ladder walked the unrecorded one (ladder-2022.1).
  const ladderFor = (facts: policy.ObligationFacts) =>
    facts.ladderVersion === ladder.version
      ? ladder
      : facts.ladderVersion === undefined
        ? policy.unrecordedLadder
        : policy.escalationPolicy(facts.ladderVersion)
  return policy.lightsReport(asOf, [...grouped.values()], ladder, workingDays, ladderFor)
}

/** A task's audit trail (任务台账): every event of the task and its assignments, oldest first. */
import type Database from 'better-sqlite3'
import type { AsOf } from './as-of'
import type { Page } from './page'

export interface HistoryEntry {
  position: number
  type: string
  /** The assignment's unit, for assignment events. */
  unitId: string | null
  actor: string
  /** The unit the actor acted for; null for system actors. */
  actorUnit: string | null
  recordedAt: string
  businessDate: string
  detail: string | null
}

export interface TaskHistory {
  taskId: string
  asOf: AsOf
  entries: HistoryEntry[]
  page: Page
}

export function taskHistory(
  db: Database.Database,
  taskId: string,
  asOf: AsOf,
  options: { unitId?: string; limit: number; offset: number },
): TaskHistory {
  const where = 'task_id = @task AND position <= @position AND (@unit IS NULL OR unit_id = @unit)'
  const params = { task: taskId, position: asOf.position, unit: options.unitId ?? null }
  const total = (db.prepare(`SELECT count(*) AS n FROM rm_history WHERE ${where}`).get(params) as { n: number }).n
  const entries = db
    .prepare(
      `SELECT position, type, unit_id AS unitId, actor, actor_unit AS actorUnit, recorded_at AS recordedAt,
              business_date AS businessDate, detail
       FROM rm_history WHERE ${where} ORDER BY position LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: options.limit, offset: options.offset }) as HistoryEntry[]
  return { taskId, asOf, entries, page: { total, limit: options.limit, offset: options.offset } }
}

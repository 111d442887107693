/**
 * Plans and tasks (计划与任务): what every view joins to for titles, sections, deadlines and
 * the task's own lifecycle (a closed task stops its assignments' ladders).
 */
import type { RecordedEvent } from '@duban/eventstore'
import { type Projection, temporalTable } from '@duban/projections'
import { dataOf, str } from './event-day'

/** Plans never change after registration: a plain table, as of P = registered by P. */
const plansDdl = `
  CREATE TABLE rm_plans (
    plan_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    period_from INTEGER NOT NULL,
    period_to INTEGER NOT NULL,
    sections TEXT NOT NULL,
    goals TEXT NOT NULL,
    registered_position INTEGER NOT NULL
  );
`

export const tasksTable = temporalTable({
  table: 'rm_tasks',
  key: ['task_id'],
  columns: {
    plan_id: 'TEXT NOT NULL',
    section_id: 'TEXT NOT NULL',
    number: 'TEXT NOT NULL',
    kind: 'TEXT NOT NULL',
    title: 'TEXT NOT NULL',
    lead_unit_id: 'TEXT NOT NULL',
    deadline: 'TEXT NOT NULL',
    targets: 'TEXT NOT NULL',
    /** open · completion_requested · closed */
    status: 'TEXT NOT NULL',
  },
})

export const catalogueProjection: Projection = {
  name: 'catalogue',
  version: 2,
  handles: [
    'PlanRegistered',
    'PlanPeriodAmended',
    'TaskRegistered',
    'TaskCompletionRequested',
    'TaskCompletionSentBack',
    'TaskClosed',
    'TaskReopened',
    'TaskDeadlineExtended',
  ],
  setup(db) {
    db.exec(plansDdl)
    db.exec(tasksTable.ddl)
    db.exec('CREATE INDEX rm_tasks_plan ON rm_tasks (plan_id, valid_from_position)')
  },
  apply(db, event) {
    const data = event.data as Record<string, unknown>
    if (event.type === 'PlanRegistered') {
      const period = data['period'] as { from: number; to: number }
      db.prepare(
        `INSERT OR REPLACE INTO rm_plans (plan_id, title, period_from, period_to, sections, goals, registered_position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        data['planId'],
        data['title'],
        period.from,
        period.to,
        JSON.stringify(data['sections'] ?? []),
        JSON.stringify(data['goals'] ?? []),
        event.position,
      )
      return
    }
    if (event.type === 'PlanPeriodAmended') {
      // The period now in force (a view as of before the amendment shows it too: not temporal).
      const period = data['period'] as { from: number; to: number }
      db.prepare('UPDATE rm_plans SET period_to = ? WHERE plan_id = ?').run(period.to, data['planId'])
      return
    }
    if (event.type === 'TaskRegistered') {
      tasksTable.put(db, event, {
        task_id: String(data['taskId']),
        plan_id: String(data['planId']),
        section_id: String(data['sectionId']),
        number: String(data['number']),
        kind: String(data['kind']),
        title: String(data['title']),
        lead_unit_id: String(data['leadUnitId']),
        deadline: String(data['deadline']),
        targets: JSON.stringify(data['targets'] ?? []),
        status: 'open',
      })
      return
    }
    const key = { task_id: dataOf(event).taskId }
    const task = tasksTable.latest(db, key)
    if (!task) return
    tasksTable.put(db, event, { ...task, ...taskChange(event) })
  },
}

function taskChange(event: RecordedEvent): Record<string, string> {
  switch (event.type) {
    case 'TaskCompletionRequested':
      return { status: 'completion_requested' }
    case 'TaskClosed':
      return { status: 'closed' }
    case 'TaskDeadlineExtended':
      return { deadline: str(dataOf(event)['newDeadline']) ?? '' }
    default:
      return { status: 'open' }
  }
}

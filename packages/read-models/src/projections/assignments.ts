/**
 * Assignments (交办): one unit's part of a task — its role, due date, whether it signed for it
 * (签收) and where its own closing stands. Keyed unit first, so a unit's view is an index range.
 */
import { type Projection, temporalTable } from '@duban/projections'
import { dataOf, eventDay, str } from './event-day'

export const assignmentsTable = temporalTable({
  table: 'rm_assignments',
  key: ['unit_id', 'task_id'],
  columns: {
    /** lead · co · district */
    role: 'TEXT NOT NULL',
    due_date: 'TEXT NOT NULL',
    assigned_on: 'TEXT NOT NULL',
    acknowledged_on: 'TEXT',
    /** open · completion_requested · closed */
    status: 'TEXT NOT NULL',
  },
})

export const assignmentsProjection: Projection = {
  name: 'assignments',
  version: 1,
  handles: [
    'TaskAssigned',
    'AssignmentAcknowledged',
    'ExtensionGranted',
    'CompletionRequested',
    'CompletionSentBack',
    'AssignmentClosed',
    'AssignmentReopened',
  ],
  setup(db) {
    db.exec(assignmentsTable.ddl)
    db.exec('CREATE INDEX rm_assignments_task ON rm_assignments (task_id, valid_from_position)')
  },
  apply(db, event) {
    const data = dataOf(event)
    const key = { unit_id: data.unitId, task_id: data.taskId }
    if (event.type === 'TaskAssigned') {
      assignmentsTable.put(db, event, {
        ...key,
        role: String(data['role']),
        due_date: String(data['dueDate']),
        assigned_on: eventDay(event),
        acknowledged_on: null,
        status: 'open',
      })
      return
    }
    const current = assignmentsTable.latest(db, key)
    if (!current) return
    switch (event.type) {
      case 'AssignmentAcknowledged':
        assignmentsTable.put(db, event, { ...current, acknowledged_on: eventDay(event) })
        return
      case 'ExtensionGranted':
        // An extension of one obligation moves that obligation's due date, not the assignment's.
        if (data['obligationId'] === undefined)
          assignmentsTable.put(db, event, { ...current, due_date: str(data['newDueDate']) ?? current['due_date'] ?? '' })
        return
      case 'CompletionRequested':
        assignmentsTable.put(db, event, { ...current, status: 'completion_requested' })
        return
      case 'AssignmentClosed':
        assignmentsTable.put(db, event, { ...current, status: 'closed' })
        return
      default:
        assignmentsTable.put(db, event, { ...current, status: 'open' })
    }
  },
}

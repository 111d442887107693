/**
 * Task history (任务台账): the audit trail of a task — every event of the task and of each of its
 * assignments, with who acted, for which unit, when it was recorded and the day it speaks of.
 * Append-only: as of position P is simply `position <= P`.
 */
import type { RecordedEvent } from '@duban/eventstore'
import type { Projection } from '@duban/projections'
import { dataOf, eventDay, str } from './event-day'

const ddl = `
  CREATE TABLE rm_history (
    task_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    unit_id TEXT,
    actor TEXT NOT NULL,
    actor_unit TEXT,
    recorded_at TEXT NOT NULL,
    business_date TEXT NOT NULL,
    detail TEXT,
    PRIMARY KEY (task_id, position)
  ) WITHOUT ROWID;
`

export const historyTypes = [
  'TaskRegistered',
  'TaskCompletionRequested',
  'TaskCompletionSentBack',
  'TaskClosed',
  'TaskReopened',
  'TaskDeadlineExtended',
  'TaskAssigned',
  'AssignmentAcknowledged',
  'ObligationOpened',
  'ProgressReportSubmitted',
  'ProgressReportAccepted',
  'ProgressReportReturned',
  'ReminderSent',
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'EscalatedToLeadership',
  'ExtensionRequested',
  'ExtensionGranted',
  'ExtensionRefused',
  'CompletionRequested',
  'CompletionSentBack',
  'AssignmentClosed',
  'AssignmentReopened',
] as const

export const historyProjection: Projection = {
  name: 'task-history',
  version: 1,
  handles: historyTypes,
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    const { metadata } = event
    db.prepare(
      `INSERT INTO rm_history (task_id, position, type, unit_id, actor, actor_unit, recorded_at, business_date, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      data.taskId,
      event.position,
      event.type,
      str(data.unitId),
      metadata.actor,
      metadata.unit,
      metadata.recordedAt,
      eventDay(event),
      detailOf(event),
    )
  },
}

const MAX_DETAIL = 200

/** One short line of what the event says; the full event stays in the log. */
function detailOf(event: RecordedEvent): string | null {
  const data = dataOf(event)
  const parts: string[] = []
  for (const field of detailFields) {
    const value = data[field]
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${field}=${value}`)
  }
  const line = parts.join(' ')
  if (line === '') return null
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line
}

const detailFields = [
  'role',
  'dueDate',
  'obligationId',
  'period',
  'reportId',
  'reminderId',
  'kind',
  'noticeId',
  'grade',
  'answerDueDate',
  'escalationId',
  'requestId',
  'requestedDueDate',
  'newDueDate',
  'newDeadline',
  'stageId',
  'reason',
  'title',
] as const

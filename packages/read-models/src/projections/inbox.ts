/**
 * The inbox (收件箱): reminders (催办), supervision notices (督办单) and escalations (提级) addressed
 * to a unit about one of its assignments, each with whether it was answered. Built for the
 * district governments (区县政府), who mostly receive, and kept for every unit alike.
 */
import { type Projection, temporalTable } from '@duban/projections'
import { dataOf, eventDay, str } from './event-day'

export const inboxTable = temporalTable({
  table: 'rm_inbox',
  key: ['unit_id', 'task_id', 'item_id'],
  columns: {
    /** reminder · notice · escalation */
    kind: 'TEXT NOT NULL',
    /** manual · due_soon · overdue (reminders); general · priority · listed (notices) */
    grade: 'TEXT',
    obligation_id: 'TEXT',
    stage_id: 'TEXT',
    issued_on: 'TEXT NOT NULL',
    answer_due_on: 'TEXT',
    answered_on: 'TEXT',
    text: 'TEXT',
  },
})

export const inboxProjection: Projection = {
  name: 'inbox',
  version: 1,
  handles: ['ReminderSent', 'SupervisionNoticeIssued', 'SupervisionNoticeAnswered', 'EscalatedToLeadership'],
  setup(db) {
    db.exec(inboxTable.ddl)
    db.exec('CREATE INDEX rm_inbox_kind ON rm_inbox (kind, valid_from_position)')
  },
  apply(db, event) {
    const data = dataOf(event)
    const base = { unit_id: data.unitId, task_id: data.taskId }
    const item = {
      obligation_id: str(data['obligationId']),
      stage_id: str(data['stageId']),
      issued_on: eventDay(event),
      answer_due_on: null,
      answered_on: null,
    }
    switch (event.type) {
      case 'ReminderSent':
        inboxTable.put(db, event, {
          ...base,
          ...item,
          item_id: `reminder:${String(data['reminderId'])}`,
          kind: 'reminder',
          // ReminderSent v1 (before the ladder) had no kind: it was a person's 催办.
          grade: str(data['kind']) ?? 'manual',
          text: str(data['message']),
        })
        return
      case 'SupervisionNoticeIssued':
        inboxTable.put(db, event, {
          ...base,
          ...item,
          item_id: `notice:${String(data['noticeId'])}`,
          kind: 'notice',
          grade: str(data['grade']),
          answer_due_on: str(data['answerDueDate']),
          text: str(data['reason']),
        })
        return
      case 'EscalatedToLeadership':
        inboxTable.put(db, event, {
          ...base,
          ...item,
          item_id: `escalation:${String(data['escalationId'])}`,
          kind: 'escalation',
          grade: null,
          text: str(data['reason']),
        })
        return
      case 'SupervisionNoticeAnswered': {
        const key = { ...base, item_id: `notice:${String(data['noticeId'])}` }
        const notice = inboxTable.latest(db, key)
        if (notice) inboxTable.put(db, event, { ...notice, answered_on: eventDay(event) })
      }
    }
  },
}

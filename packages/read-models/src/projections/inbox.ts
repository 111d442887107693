/**
 * The inbox (收件箱): reminders (催办), supervision notices (督办单) and escalations (提级) addressed
 * to a unit about one of its assignments. Built for the district governments (区县政府), who
 * mostly receive, and kept for every unit alike. An item is written once when issued and stamped
 * once when answered, each with its log position: as of P, an item exists if issued by P and
 * counts as answered if answered by P.
 */
import type { Projection } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { dataOf, str } from './event-day'

const ddl = `
  CREATE TABLE rm_inbox (
    unit_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    /** 'reminder:…', 'notice:…', 'escalation:…' */
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    /** manual · due_soon · overdue (reminders); general · priority · listed (notices) */
    grade TEXT,
    obligation_id TEXT,
    stage_id TEXT,
    issued_on TEXT NOT NULL,
    issued_position INTEGER NOT NULL,
    answer_due_on TEXT,
    answered_on TEXT,
    answered_position INTEGER,
    /** The date committed to in the answer (承诺办结/报送日期). */
    committed_on TEXT,
    text TEXT,
    PRIMARY KEY (unit_id, task_id, item_id)
  ) WITHOUT ROWID;
  CREATE INDEX rm_inbox_escalations ON rm_inbox (issued_position) WHERE kind = 'escalation';
`

export const inboxProjection: Projection = {
  name: 'inbox',
  version: 3,
  handles: ['ReminderSent', 'SupervisionNoticeIssued', 'SupervisionNoticeAnswered', 'EscalatedToLeadership'],
  setup(db) {
    db.exec(ddl)
  },
  apply(db, event) {
    const data = dataOf(event)
    if (event.type === 'SupervisionNoticeAnswered') {
      db.prepare(
        `UPDATE rm_inbox SET answered_on = ?, answered_position = ?, committed_on = ?
         WHERE unit_id = ? AND task_id = ? AND item_id = ? AND answered_position IS NULL`,
      ).run(
        eventDay(event),
        event.position,
        str(data['committedDate']),
        data.unitId,
        data.taskId,
        `notice:${String(data['noticeId'])}`,
      )
      return
    }
    const item = itemOf(event.type, data)
    if (!item) return
    db.prepare(
      `INSERT OR IGNORE INTO rm_inbox (unit_id, task_id, item_id, kind, grade, obligation_id, stage_id, issued_on,
         issued_position, answer_due_on, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      data.unitId,
      data.taskId,
      item.id,
      item.kind,
      item.grade,
      str(data['obligationId']),
      str(data['stageId']),
      eventDay(event),
      event.position,
      item.answerDueOn,
      item.text,
    )
  },
}

function itemOf(type: string, data: Record<string, unknown>) {
  switch (type) {
    case 'ReminderSent':
      return {
        id: `reminder:${String(data['reminderId'])}`,
        kind: 'reminder',
        // ReminderSent v1 (before the ladder) had no kind: it was a person's 催办.
        grade: str(data['kind']) ?? 'manual',
        answerDueOn: null,
        text: str(data['message']),
      }
    case 'SupervisionNoticeIssued':
      return {
        id: `notice:${String(data['noticeId'])}`,
        kind: 'notice',
        grade: str(data['grade']),
        answerDueOn: str(data['answerDueDate']),
        text: str(data['reason']),
      }
    case 'EscalatedToLeadership':
      return {
        id: `escalation:${String(data['escalationId'])}`,
        kind: 'escalation',
        grade: null,
        answerDueOn: null,
        text: str(data['reason']),
      }
    default:
      return undefined
  }
}

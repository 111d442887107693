/**
 * A unit's inbox (收件箱), for the district governments above all: every reminder, supervision
 * notice and escalation about its assignments, newest first, with whether the unit had signed
 * for the assignment (签收) and whether it answered — a notice by its answer, a reminder by a
 * report submitted for the obligation it was about.
 */
import type Database from 'better-sqlite3'
import { type AsOf, assignmentsAt, validAt } from './as-of'
import type { Page } from './page'

export interface InboxLine {
  taskId: string
  planId: string
  /** The task's number in its plan (第3项). */
  number: string
  title: string
  itemId: string
  kind: 'reminder' | 'notice' | 'escalation'
  grade: string | null
  obligationId: string | null
  stageId: string | null
  issuedOn: string
  answerDueOn: string | null
  /** The unit had signed for the assignment (签收) by the date asked. */
  acknowledged: boolean
  answered: boolean
  answeredOn: string | null
  text: string | null
}

export interface InboxView {
  unitId: string
  asOf: AsOf
  counts: { total: number; unanswered: number; notices: number; unansweredNotices: number }
  items: InboxLine[]
  page: Page
}

export interface InboxFilters {
  kind?: InboxLine['kind']
  /** Only what still awaits the unit: notices not answered, reminders not followed by a report. */
  unanswered?: boolean
  /** Only what the unit has dealt with (已办): answered notices, reminders followed by a report. */
  answered?: boolean
  /** Words of the task's title or the item's text. */
  query?: string
}

interface Row {
  task_id: string
  plan_id: string
  number: string
  title: string
  item_id: string
  kind: InboxLine['kind']
  grade: string | null
  obligation_id: string | null
  stage_id: string | null
  issued_on: string
  answer_due_on: string | null
  answered_on: string | null
  text: string | null
  acknowledged_on: string | null
  reported_position: number | null
}

export function inboxView(
  db: Database.Database,
  unitId: string,
  asOf: AsOf,
  options: InboxFilters & { limit: number; offset: number },
): InboxView {
  const rows = db
    .prepare(
      `SELECT i.task_id, t.plan_id, t.number, t.title, i.item_id, i.kind, i.grade, i.obligation_id, i.stage_id, i.issued_on,
              i.answer_due_on, CASE WHEN i.answered_position <= @position THEN i.answered_on END AS answered_on,
              i.text, a.acknowledged_on,
              (SELECT min(r.submitted_position) FROM rm_reports r WHERE r.unit_id = i.unit_id AND r.task_id = i.task_id
                 AND r.obligation_id = i.obligation_id AND r.submitted_position > i.issued_position
                 AND r.submitted_position <= @position) AS reported_position
       FROM rm_inbox i
       JOIN rm_tasks t ON t.task_id = i.task_id AND ${validAt('t')}
       LEFT JOIN ${assignmentsAt('a.unit_id = @unit')} a ON a.unit_id = i.unit_id AND a.task_id = i.task_id
       WHERE i.unit_id = @unit AND i.issued_position <= @position
       ORDER BY i.issued_on DESC, i.issued_position DESC`,
    )
    .all({ unit: unitId, position: asOf.position }) as Row[]
  const all = rows.map((row): InboxLine => {
    const answered =
      row.kind === 'notice'
        ? row.answered_on !== null
        : row.kind === 'reminder' && row.reported_position !== null
    return {
      taskId: row.task_id,
      planId: row.plan_id,
      number: row.number,
      title: row.title,
      itemId: row.item_id,
      kind: row.kind,
      grade: row.grade,
      obligationId: row.obligation_id,
      stageId: row.stage_id,
      issuedOn: row.issued_on,
      answerDueOn: row.answer_due_on,
      acknowledged: row.acknowledged_on !== null,
      answered,
      answeredOn: row.answered_on,
      text: row.text,
    }
  })
  const counts = {
    total: all.length,
    unanswered: all.filter((i) => i.kind !== 'escalation' && !i.answered).length,
    notices: all.filter((i) => i.kind === 'notice').length,
    unansweredNotices: all.filter((i) => i.kind === 'notice' && !i.answered).length,
  }
  const words = options.query?.trim()
  const matching = all.filter(
    (i) =>
      (options.kind === undefined || i.kind === options.kind) &&
      (options.unanswered !== true || (i.kind !== 'escalation' && !i.answered)) &&
      (options.answered !== true || i.answered) &&
      (!words || i.title.includes(words) || (i.text ?? '').includes(words)),
  )
  return {
    unitId,
    asOf,
    counts,
    items: matching.slice(options.offset, options.offset + options.limit),
    page: { total: matching.length, limit: options.limit, offset: options.offset },
  }
}

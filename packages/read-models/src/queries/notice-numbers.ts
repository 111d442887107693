/**
 * 督办单编号: the number a supervision notice is known by — 督办单〔2023〕第12号, the twelfth notice
 * issued in 2023, counted over every unit in the order the log recorded them. A notice's id is
 * only unique within its assignment (the scheduler names every unit's notice for a period alike),
 * so a number is looked up by unit, task and notice id. Numbers never change: a later notice only
 * takes the next one.
 */
import type Database from 'better-sqlite3'

export interface NoticeNumber {
  year: string
  seq: number
}

export const noticeKey = (unitId: string, taskId: string, noticeId: string) =>
  `${unitId}~${taskId}~${noticeId}`

export function noticeNumbers(db: Database.Database): Map<string, NoticeNumber> {
  const rows = db
    .prepare(
      `SELECT unit_id, task_id, item_id, issued_on FROM rm_inbox WHERE kind = 'notice' ORDER BY issued_position, unit_id, task_id`,
    )
    .all() as { unit_id: string; task_id: string; item_id: string; issued_on: string }[]
  const numbers = new Map<string, NoticeNumber>()
  const counters = new Map<string, number>()
  for (const row of rows) {
    const year = row.issued_on.slice(0, 4)
    const seq = (counters.get(year) ?? 0) + 1
    counters.set(year, seq)
    numbers.set(noticeKey(row.unit_id, row.task_id, row.item_id.slice('notice:'.length)), { year, seq })
  }
  return numbers
}

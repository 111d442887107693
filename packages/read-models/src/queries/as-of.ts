/**
 * "As of": the moment a view is asked for. A business date (YYYY-MM-DD) means the end of that
 * day in Asia/Shanghai — the last log position recorded by then, with the ladder and lights
 * evaluated on that day. A log position means exactly that prefix of the log, evaluated on the
 * day it was recorded. Nothing means now: the read models' position and the ledger's today.
 */
import { dayOfPosition, positionAtEndOfDay } from '@duban/projections'
import type Database from 'better-sqlite3'
import { ViewError } from './view-error'

export interface AsOf {
  /** The business date the lights and ladder stages are evaluated on. */
  date: string
  /** The log position the view stands at. */
  position: number
  /** True for "now" (no asOf asked). */
  live: boolean
}

export interface Now {
  /** Today's business date on the ledger's clock. */
  today: string
  /** The log's head position. */
  head: number
  /** The position every read model has reached (the lowest checkpoint). */
  readPosition: number
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const POSITION = /^\d{1,15}$/

export function resolveAsOf(db: Database.Database, asOf: string | number | undefined, now: Now): AsOf {
  if (asOf === undefined || asOf === '') return { date: now.today, position: now.readPosition, live: true }
  const text = String(asOf)
  if (DATE.test(text)) {
    if (!isCalendarDate(text)) throw new ViewError('bad-request', `asOf ${text} is not a calendar date`)
    if (text > now.today)
      throw new ViewError(
        'unprocessable',
        `asOf ${text} is after today (${now.today}): the log holds no future`,
      )
    return { date: text, position: Math.min(positionAtEndOfDay(db, text), now.readPosition), live: false }
  }
  if (POSITION.test(text)) {
    const position = Number(text)
    if (position > now.head)
      throw new ViewError('unprocessable', `asOf position ${position} is beyond the log's head (${now.head})`)
    const date =
      position === 0 ? now.today : (dayOfPosition(db, Math.min(position, now.readPosition)) ?? now.today)
    return { date, position: Math.min(position, now.readPosition), live: false }
  }
  throw new ViewError(
    'bad-request',
    `asOf must be a date YYYY-MM-DD or a log position, not ${JSON.stringify(text)}`,
  )
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** SQL for "this version of the row was valid at @position", for a table alias. */
export const validAt = (alias: string) =>
  `${alias}.valid_from_position <= @position AND (${alias}.valid_to_position IS NULL OR ${alias}.valid_to_position > @position)`

/**
 * The assignments matching `where` (on `a.`) as they stood at @position: assigned by then, signed
 * if signed by then, with the status and due date of the latest change at or before it.
 */
export const assignmentsAt = (where: string) => `(
  SELECT a.unit_id, a.task_id, a.role, a.assigned_on,
    CASE WHEN a.acknowledged_position <= @position THEN a.acknowledged_on END AS acknowledged_on,
    coalesce(c.status, 'open') AS status, coalesce(c.due_date, a.due_date) AS due_date
  FROM rm_assignments a LEFT JOIN rm_assignment_changes c
    ON a.changed_position IS NOT NULL AND c.unit_id = a.unit_id AND c.task_id = a.task_id
    AND c.position = (SELECT max(x.position) FROM rm_assignment_changes x
      WHERE x.unit_id = a.unit_id AND x.task_id = a.task_id AND x.position <= @position)
  WHERE a.assigned_position <= @position AND ${where})`

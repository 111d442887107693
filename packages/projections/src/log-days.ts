import { shanghaiDate } from '@duban/calendar'
import type Database from 'better-sqlite3'
import type { EventReader, LogEvent } from './event-reader'
import { preparedOnce } from './projection-state'

/** Checkpoint name of the runner-maintained position↔date index. */
export const logDaysName = '$log-days'
export const logDaysVersion = 1

/**
 * One row per Asia/Shanghai calendar day on which the log grew: the first and last position
 * recorded that day. "As it stood at the end of day D" is then the last position of the
 * latest day ≤ D — one indexed lookup, whatever the log's size.
 *
 * A log position, not a clock, orders the log: an event recorded with a clock behind its
 * predecessor's (skew between API replicas) is counted in the day already reached, so the
 * index stays monotonic and every day maps to a prefix of the log.
 */
export function setupLogDays(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS log_days (
      day TEXT PRIMARY KEY,
      first_position INTEGER NOT NULL,
      last_position INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS log_days_first_position ON log_days (first_position);
  `)
}

interface LogDay {
  day: string
  first_position: number
  last_position: number
}

/** Folds the events after `checkpoint` into the index; runs inside the runner's batch transaction. */
export function indexLogDays<E extends LogEvent>(
  db: Database.Database,
  events: readonly E[],
  reader: Pick<EventReader<E>, 'recordedAt'>,
  checkpoint: number,
): void {
  // Once per live batch: prepared once per database, not on every call.
  let current = preparedOnce(
    db,
    'SELECT day, first_position, last_position FROM log_days ORDER BY day DESC LIMIT 1',
  ).get() as LogDay | undefined
  const save = preparedOnce(
    db,
    `INSERT INTO log_days (day, first_position, last_position) VALUES (@day, @first_position, @last_position)
     ON CONFLICT (day) DO UPDATE SET last_position = excluded.last_position`,
  )
  for (const event of events) {
    if (event.position <= checkpoint) continue
    const day = shanghaiDate(reader.recordedAt(event))
    if (current && day <= current.day) {
      current.last_position = event.position
    } else {
      if (current) save.run(current)
      current = { day, first_position: event.position, last_position: event.position }
    }
  }
  if (current) save.run(current)
}

/**
 * The last log position recorded on or before the end of `day` (Asia/Shanghai, `YYYY-MM-DD`);
 * 0 when the log had nothing yet. Only as complete as the index: for a day the runner has not
 * yet read past, the answer can still grow.
 */
export function positionAtEndOfDay(db: Database.Database, day: string): number {
  const row = db
    .prepare('SELECT last_position AS position FROM log_days WHERE day <= ? ORDER BY day DESC LIMIT 1')
    .get(day) as { position: number } | undefined
  return row?.position ?? 0
}

/** The Asia/Shanghai day on which the event at `position` was recorded; undefined before the log. */
export function dayOfPosition(db: Database.Database, position: number): string | undefined {
  const row = db
    .prepare('SELECT day FROM log_days WHERE first_position <= ? ORDER BY first_position DESC LIMIT 1')
    .get(position) as { day: string } | undefined
  return row?.day
}

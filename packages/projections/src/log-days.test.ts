import type { RecordedEvent } from '@duban/eventstore'
import Database from 'better-sqlite3'
import t from 'tap'
import { recordedEvents } from './event-reader'
import { dayOfPosition, indexLogDays, positionAtEndOfDay, setupLogDays } from './log-days'

const event = (position: number, recordedAt: string) =>
  ({ position, metadata: { recordedAt } }) as RecordedEvent

t.test('the index maps a day to the last position recorded by its end, and back', async (t) => {
  const db = new Database(':memory:')
  setupLogDays(db)
  const log = [
    event(1, '2022-09-20T01:00:00Z'),
    event(2, '2022-09-20T15:59:59Z'), // 23:59:59 in Shanghai: still the 20th
    event(4, '2022-09-20T16:00:00Z'), // positions need not be dense
    event(5, '2022-09-23T02:00:00Z'),
    event(6, '2022-09-22T23:00:00Z'), // a skewed clock: counted in the day already reached
    event(7, '2022-09-23T03:00:00Z'),
  ]
  indexLogDays(db, log.slice(0, 3), recordedEvents, 0)
  indexLogDays(db, log, recordedEvents, 2) // a redelivered prefix is skipped by the checkpoint
  t.same(db.prepare('SELECT * FROM log_days ORDER BY day').all(), [
    { day: '2022-09-20', first_position: 1, last_position: 2 },
    { day: '2022-09-21', first_position: 4, last_position: 4 },
    { day: '2022-09-23', first_position: 5, last_position: 7 },
  ])
  t.equal(positionAtEndOfDay(db, '2022-09-19'), 0, 'before the log')
  t.equal(positionAtEndOfDay(db, '2022-09-20'), 2)
  t.equal(positionAtEndOfDay(db, '2022-09-22'), 4, 'a quiet day keeps the previous position')
  t.equal(positionAtEndOfDay(db, '2022-09-23'), 7)
  t.equal(positionAtEndOfDay(db, '2030-01-01'), 7)
  t.equal(dayOfPosition(db, 0), undefined)
  t.equal(dayOfPosition(db, 2), '2022-09-20')
  t.equal(dayOfPosition(db, 3), '2022-09-20')
  t.equal(dayOfPosition(db, 6), '2022-09-23')
})

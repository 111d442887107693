import type { RecordedEvent } from '@duban/eventstore'
import Database from 'better-sqlite3'
import t from 'tap'
import { recordedEvents } from './event-reader'
import { dayOfPosition, indexLogDays, positionAtEndOfDay, setupLogDays } from './log-days'
import { shanghaiDate } from './shanghai-date'

t.test('shanghaiDate: the day turns at 16:00 UTC', async (t) => {
  t.equal(shanghaiDate('2022-12-31T15:59:59.999Z'), '2022-12-31')
  t.equal(shanghaiDate('2022-12-31T16:00:00.000Z'), '2023-01-01')
  t.equal(shanghaiDate('2024-02-28T16:30:00Z'), '2024-02-29', 'leap day')
  t.equal(shanghaiDate('2024-02-28T15:30:00Z'), '2024-02-28', 'same UTC hour prefix cache does not leak')
  t.equal(shanghaiDate('2023-02-28T16:00:00Z'), '2023-03-01', 'no leap day in 2023')
  t.equal(shanghaiDate('2100-02-28T16:00:00Z'), '2100-03-01', 'no leap day in 2100')
  t.equal(shanghaiDate('2023-04-30T23:59:59.999Z'), '2023-05-01', 'end of a 30-day month')
  t.throws(() => shanghaiDate('yesterday'), RangeError)
  t.throws(() => shanghaiDate('2023-02-29T01:00:00Z'), RangeError, 'no such day')
  t.throws(() => shanghaiDate('2023-06-01T20:00:00+08:00'), RangeError, 'UTC only')
})

t.test('shanghaiDate: the fixed-offset arithmetic agrees with Date over five years', async (t) => {
  const viaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
  const disagreements: string[] = []
  // Every 3.5 hours lands on every hour of the day, on both sides of 16:00 UTC.
  for (
    let at = Date.parse('2022-01-01T00:00:00Z');
    at < Date.parse('2027-01-01T00:00:00Z');
    at += 12_600_000
  ) {
    const iso = new Date(at).toISOString()
    if (shanghaiDate(iso) !== viaDate(iso)) disagreements.push(iso)
  }
  t.same(disagreements, [])
})

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

import t from 'tap'
import { dueDateAfter } from './due-date'
import { calendarVersion } from './load'

const cal = calendarVersion('cn-2026.1')

t.test('given the bundled notices, when asking for coverage, then it is 2022 through 2026', async (t) => {
  t.same(cal.coverage, { from: '2022-01-01', to: '2026-12-31' })
  t.ok(cal.isCovered('2026-12-31'))
  t.notOk(cal.isCovered('2027-01-01'))
  t.notOk(cal.isCovered('2021-12-31'))
})

t.test(
  'given a date outside coverage, when asking about it, then only weekends are known and it says so',
  async (t) => {
    t.ok(cal.isWorkingDay('2027-01-01'), 'weekend rule only: a Friday')
    t.same(cal.dayInfo('2027-01-01'), {
      date: '2027-01-01',
      working: true,
      reason: 'weekday',
      holiday: null,
      noticeId: null,
      covered: false,
    })
  },
)

t.test(
  'given a deadline counted past the coverage, when computed, then it is flagged provisional',
  async (t) => {
    t.same(dueDateAfter(cal, '2026-12-31', 1), {
      date: '2027-01-01',
      calendarVersion: 'cn-2026.1',
      provisional: true,
    })
    t.same(dueDateAfter(cal, '2026-09-30', 1), {
      date: '2026-10-08',
      calendarVersion: 'cn-2026.1',
      provisional: false,
    })
  },
)

t.test('given a notice day, when explained, then the holiday and notice are named', async (t) => {
  t.same(cal.dayInfo('2023-10-07'), {
    date: '2023-10-07',
    working: true,
    reason: 'make-up-workday',
    holiday: '中秋节、国庆节',
    noticeId: '2023',
    covered: true,
  })
})

import t from 'tap'
import { buildCalendar } from './calendar'
import { fromDayNumber, toDayNumber } from './civil-date'
import { calendarVersion } from './load'

const cal = calendarVersion('cn-2026.1')

t.test('given the 2023 National Day holiday (09-29 to 10-06 off, 10-07 and 10-08 worked)', async (t) => {
  t.test(
    'when counting working days from the last day before it, then the make-up Saturday comes first',
    async (t) => {
      t.equal(cal.addWorkingDays('2023-09-28', 1), '2023-10-07')
      t.equal(cal.addWorkingDays('2023-09-28', 2), '2023-10-08')
      t.equal(cal.addWorkingDays('2023-09-28', 3), '2023-10-09')
      t.equal(cal.addWorkingDays('2023-09-27', 3), '2023-10-08')
      t.equal(cal.addWorkingDays('2023-10-01', 1), '2023-10-07', 'from inside the holiday')
    },
  )
  t.test('when counting backwards, then the holiday is skipped the other way', async (t) => {
    t.equal(cal.addWorkingDays('2023-10-07', -1), '2023-09-28')
    t.equal(cal.addWorkingDays('2023-10-09', -3), '2023-09-28')
  })
  t.test(
    'when asking for working days, then the weekend make-up days count and the weekdays off do not',
    async (t) => {
      t.ok(cal.isWorkingDay('2023-09-28'))
      t.notOk(cal.isWorkingDay('2023-09-29'), 'Friday, 中秋节')
      t.notOk(cal.isWorkingDay('2023-10-06'), 'Friday, 国庆节')
      t.ok(cal.isWorkingDay('2023-10-07'), 'Saturday make-up day')
      t.ok(cal.isWorkingDay('2023-10-08'), 'Sunday make-up day')
    },
  )
  t.test('when measuring overdue working days, then the holiday adds none', async (t) => {
    t.equal(cal.workingDaysBetween('2023-09-28', '2023-10-06'), 0)
    t.equal(cal.workingDaysBetween('2023-09-28', '2023-10-09'), 3)
    t.equal(cal.workingDaysBetween('2023-10-09', '2023-09-28'), -3)
  })
  t.test('when asking for the 5th working day of October, then it is 10-11', async (t) => {
    t.equal(cal.nthWorkingDayOfMonth(2023, 10, 1), '2023-10-07')
    t.equal(cal.nthWorkingDayOfMonth(2023, 10, 5), '2023-10-11')
  })
})

t.test('given the 2024 Spring Festival (02-10 to 02-17 off, Sundays 02-04 and 02-18 worked)', async (t) => {
  t.test('when checking the days around it, then 除夕 02-09 is an ordinary working Friday', async (t) => {
    t.ok(cal.isWorkingDay('2024-02-04'))
    t.ok(cal.isWorkingDay('2024-02-09'))
    t.notOk(cal.isWorkingDay('2024-02-12'))
    t.notOk(cal.isWorkingDay('2024-02-17'))
    t.ok(cal.isWorkingDay('2024-02-18'))
  })
  t.test('when adding working days across it, then the deadline lands on the make-up Sunday', async (t) => {
    t.equal(cal.addWorkingDays('2024-02-02', 1), '2024-02-04')
    t.equal(cal.addWorkingDays('2024-02-08', 1), '2024-02-09')
    t.equal(cal.addWorkingDays('2024-02-09', 1), '2024-02-18')
    t.equal(cal.addWorkingDays('2024-02-09', 2), '2024-02-19')
  })
  t.test('when counting February, then it has 18 working days', async (t) => {
    t.equal(cal.workingDaysBetween('2024-01-31', '2024-02-29'), 18)
    t.equal(cal.nthWorkingDayOfMonth(2024, 2, 5), '2024-02-06')
    t.equal(cal.nthWorkingDayOfMonth(2024, 2, 9), '2024-02-18')
  })
})

t.test('given n = 0, when adding working days, then the date is returned unchanged', async (t) => {
  t.equal(cal.addWorkingDays('2023-10-01', 0), '2023-10-01')
  t.equal(cal.workingDaysBetween('2023-10-01', '2023-10-01'), 0)
})

t.test('given bad input, when calling the calendar, then it refuses rather than guesses', async (t) => {
  t.throws(() => cal.isWorkingDay('2023-02-30'), { name: 'InvalidDateError' })
  t.throws(() => cal.isWorkingDay('2023/10/01'), { name: 'InvalidDateError' })
  t.throws(() => cal.addWorkingDays('2023-10-01', 1.5), RangeError)
  t.throws(() => cal.nthWorkingDayOfMonth(2023, 10, 30), RangeError)
  t.throws(() => buildCalendar({ id: 'empty', notices: [] }), { name: 'HolidayDataError' })
})

t.test(
  'given every day of the covered years and beyond, when counting in closed form, then it matches a day-by-day walk',
  async (t) => {
    const from = toDayNumber('2021-11-01')
    const to = toDayNumber('2027-02-28')
    let walked = 0
    let mismatches = 0
    for (let day = from + 1; day <= to; day++) {
      const date = fromDayNumber(day)
      if (cal.isWorkingDay(date)) walked++
      if (cal.workingDaysBetween('2021-11-01', date) !== walked) mismatches++
      for (const n of [1, 3, 5]) {
        if (cal.workingDaysBetween(date, cal.addWorkingDays(date, n)) !== n) mismatches++
      }
    }
    t.equal(mismatches, 0)
  },
)

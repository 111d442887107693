import t from 'tap'
import { defaultReportingCadence, obligationsFor, ReportingCadence } from './cadence'
import { fakeWorkingDays, nationalDay2023, springFestival2024 } from './working-days.fake'

const nationalDay2022 = {
  holidays: [
    '2022-10-01',
    '2022-10-02',
    '2022-10-03',
    '2022-10-04',
    '2022-10-05',
    '2022-10-06',
    '2022-10-07',
  ],
  workdays: ['2022-10-08', '2022-10-09'],
}
const wd = fakeWorkingDays({
  holidays: [
    ...nationalDay2022.holidays,
    ...nationalDay2023.holidays,
    '2024-01-01',
    ...springFestival2024.holidays,
  ],
  workdays: [...nationalDay2022.workdays, ...nationalDay2023.workdays, ...springFestival2024.workdays],
})

t.test(
  'given the default quarterly cadence and a plan window 2022-09-20..2024-12-31, when listing obligations',
  async (t) => {
    const periods = obligationsFor({ from: '2022-09-20', to: '2024-12-31' }, defaultReportingCadence, wd)

    t.test('then every quarter overlapping the window is listed, the partial first one too', async (t) => {
      t.same(
        periods.map((p) => p.label),
        [
          '2022-Q3',
          '2022-Q4',
          '2023-Q1',
          '2023-Q2',
          '2023-Q3',
          '2023-Q4',
          '2024-Q1',
          '2024-Q2',
          '2024-Q3',
          '2024-Q4',
        ],
      )
      t.same(periods[0], {
        label: '2022-Q3',
        from: '2022-07-01',
        to: '2022-09-30',
        dueDate: '2022-10-12',
      })
    })

    t.test(
      'then each report is due on the 5th working day after its quarter, holidays skipped',
      async (t) => {
        const due = Object.fromEntries(periods.map((p) => [p.label, p.dueDate]))
        t.equal(due['2023-Q3'], '2023-10-11', 'National Day: 10-07, 10-08 worked, then 10-09..10-11')
        t.equal(due['2023-Q4'], '2024-01-08', '2024-01-01 off')
        t.equal(due['2023-Q1'], '2023-04-07')
      },
    )
  },
)

t.test(
  'given a monthly cadence, when listing January and February 2024, then the Spring Festival moves the due dates',
  async (t) => {
    const monthly = ReportingCadence.parse({ cadence: 'monthly', dueWorkingDay: 5 })
    const periods = obligationsFor({ from: '2024-01-15', to: '2024-02-10' }, monthly, wd)
    t.same(
      periods.map((p) => [p.label, p.from, p.to, p.dueDate]),
      [
        ['2024-01', '2024-01-01', '2024-01-31', '2024-02-06'],
        ['2024-02', '2024-02-01', '2024-02-29', '2024-03-07'],
      ],
    )
  },
)

t.test('given a window that ends before it starts, when listing obligations, then it refuses', async (t) => {
  t.throws(
    () => obligationsFor({ from: '2024-02-01', to: '2024-01-01' }, defaultReportingCadence, wd),
    RangeError,
  )
})

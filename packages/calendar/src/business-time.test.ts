import t from 'tap'
import { businessDateOf, endOfBusinessDay, startOfBusinessDay } from './business-time'

t.test(
  'given a UTC instant, when taking its business date, then Asia/Shanghai (UTC+8) decides',
  async (t) => {
    t.equal(businessDateOf(new Date('2023-09-30T15:59:59.999Z')), '2023-09-30')
    t.equal(businessDateOf(new Date('2023-09-30T16:00:00.000Z')), '2023-10-01')
  },
)

t.test(
  'given a business date, when asking for its bounds, then they are Shanghai midnight in UTC',
  async (t) => {
    t.equal(endOfBusinessDay('2023-10-07').toISOString(), '2023-10-07T15:59:59.999Z')
    t.equal(startOfBusinessDay('2023-10-07').toISOString(), '2023-10-06T16:00:00.000Z')
    t.equal(businessDateOf(endOfBusinessDay('2024-02-29')), '2024-02-29')
    t.throws(() => endOfBusinessDay('2023-13-01'), { name: 'InvalidDateError' })
  },
)

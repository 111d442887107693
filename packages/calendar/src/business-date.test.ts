/** The business date of an instant: Asia/Shanghai, UTC+8 all year since 1991. */
import t from 'tap'
import { businessDateOf, shanghaiDate } from './business-date'

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

t.test('businessDateOf: the business date of an instant is its Shanghai calendar date', async (t) => {
  t.equal(businessDateOf(new Date('2023-03-31T15:59:59Z')), '2023-03-31')
  t.equal(businessDateOf(new Date('2023-03-31T16:00:00Z')), '2023-04-01')
})

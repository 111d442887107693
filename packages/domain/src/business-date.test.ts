import t from 'tap'
import { businessDateOf } from './business-date'

t.test('the business date is the Shanghai calendar date', async (t) => {
  t.equal(businessDateOf(new Date('2023-03-31T15:59:59Z')), '2023-03-31')
  t.equal(businessDateOf(new Date('2023-03-31T16:00:00Z')), '2023-04-01')
})

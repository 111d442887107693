import t from 'tap'
import { ladder2022v1 } from './ladder-2022.1'
import { ladder2026v1 } from './ladder-2026.1'
import { reviewLight } from './lights'
import { fakeWorkingDays, nationalDay2023 } from './working-days.fake'

const wd = fakeWorkingDays(nationalDay2023)
const report = { reportId: 'r1', submittedOn: '2023-09-27', review: null }

t.test('given a report submitted Wednesday 2023-09-27, before National Day', async (t) => {
  t.test(
    'when the office has not reviewed it, then its own light follows 3 working days: 09-28, 10-07, 10-08',
    async (t) => {
      t.match(reviewLight(report, '2023-09-28', ladder2026v1, wd), {
        light: 'green',
        reviewDueOn: '2023-10-08',
        reason: { rule: 'review-within-deadline' },
      })
      t.equal(reviewLight(report, '2023-10-08', ladder2026v1, wd)?.light, 'yellow', 'the last day')
      t.match(reviewLight(report, '2023-10-09', ladder2026v1, wd), {
        light: 'red',
        reason: { rule: 'review-overdue', because: { zh: /审核期限 2023-10-08 已过/ } },
      })
    },
  )
  t.test('when it was reviewed, then there is no review light', async (t) => {
    const reviewed = { ...report, review: { outcome: 'accepted' as const, on: '2023-10-09' } }
    t.equal(reviewLight(reviewed, '2023-10-10', ladder2026v1, wd), null)
  })
  t.test('when the ladder has no review deadline (ladder-2022.1), then there is none', async (t) => {
    t.equal(reviewLight(report, '2023-10-10', ladder2022v1, wd), null)
  })
})

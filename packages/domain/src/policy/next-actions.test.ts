import t from 'tap'
import { nextActions } from './ladder'
import { ladder2022v1 as ladder } from './ladder-2022.1'
import type { ObligationFacts } from './obligation-facts'
import { fakeWorkingDays, nationalDay2023 } from './working-days.fake'

const wd = fakeWorkingDays(nationalDay2023)

const facts = (more: Partial<ObligationFacts> = {}): ObligationFacts => ({
  obligationId: 'ob-1',
  dueDate: '2023-09-28',
  reports: [],
  notices: [],
  stagesReached: [],
  ...more,
})

t.test(
  'given the scheduler was down from 09-20 to 10-12, when catching up, then every missed transition is listed with the date it should have happened',
  async (t) => {
    const due = nextActions(facts(), '2023-10-12', ladder, wd)
    t.same(
      due.map((a) => [a.stageId, a.shouldHaveHappenedOn, a.supersededBy]),
      [
        ['due-soon', '2023-09-25', 'escalation'],
        ['overdue', '2023-09-29', 'escalation'],
        ['supervision-notice', '2023-10-09', 'escalation'],
        ['escalation', '2023-10-11', null],
      ],
    )
    t.ok(due.every((a) => a.policyVersion === 'ladder-2022.1' && a.dueDate === '2023-09-28'))
  },
)

t.test(
  'given stages 1 and 2 already recorded, when it is 10-09, then only the supervision notice is due',
  async (t) => {
    const due = nextActions(
      facts({
        stagesReached: [
          { stageId: 'due-soon', dueDate: '2023-09-28' },
          { stageId: 'overdue', dueDate: '2023-09-28' },
        ],
      }),
      '2023-10-09',
      ladder,
      wd,
    )
    t.same(
      due.map((a) => [a.stageId, a.shouldHaveHappenedOn, a.supersededBy]),
      [['supervision-notice', '2023-10-09', null]],
    )
    t.same(due[0]?.actions, [{ kind: 'supervision-notice', answerWithinWorkingDays: 2 }])
  },
)

t.test(
  'given the due date was extended to 10-20 after stage 2, when it is 10-12, then the ladder restarts for the new date',
  async (t) => {
    const extended = facts({
      dueDate: '2023-10-20',
      stagesReached: [
        { stageId: 'due-soon', dueDate: '2023-09-28' },
        { stageId: 'overdue', dueDate: '2023-09-28' },
      ],
    })
    t.same(nextActions(extended, '2023-10-12', ladder, wd), [])
    t.same(
      nextActions(extended, '2023-10-17', ladder, wd).map((a) => [a.stageId, a.shouldHaveHappenedOn]),
      [['due-soon', '2023-10-17']],
    )
  },
)

t.test('given a report accepted during the downtime, when catching up, then nothing is due', async (t) => {
  const settled = facts({
    reports: [
      { reportId: 'r-1', submittedOn: '2023-10-09', review: { outcome: 'accepted', on: '2023-10-10' } },
    ],
  })
  t.same(nextActions(settled, '2023-10-12', ladder, wd), [])
  t.equal(nextActions(settled, '2023-10-09', ladder, wd).at(-1)?.stageId, 'supervision-notice')
})

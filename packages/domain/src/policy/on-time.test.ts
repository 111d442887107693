/**
 * The on-time rule (按时, `acceptedOnTime`): timeliness of the submissions that led to the accepted
 * report, judged apart from their quality. 2023-04-10 is a Monday; the fake calendar has no holidays.
 */
import t from 'tap'
import { ladder2022v1 } from './ladder-2022.1'
import { ladder2026v1 } from './ladder-2026.1'
import { acceptedOnTime } from './lights'
import type { ObligationFacts } from './obligation-facts'
import { fakeWorkingDays } from './working-days.fake'

const workingDays = fakeWorkingDays()

type Submission = { reportId: string; submittedOn: string; review: ['accepted' | 'returned', string] | null }
const obligation = (ladderVersion: string, submissions: Submission[]): ObligationFacts => ({
  obligationId: 'o1',
  dueDate: '2023-04-10',
  ladderVersion,
  notices: [],
  stagesReached: [],
  reports: submissions.map(({ review, ...r }) => ({
    ...r,
    review: review && { outcome: review[0], on: review[1] },
  })),
})
const onTime = (facts: ObligationFacts, reportId: string) =>
  acceptedOnTime(facts, { reportId }, ladder2026v1, workingDays)

t.test('given a report accepted that was submitted on the due date, then it is on time', async (t) => {
  const facts = obligation('ladder-2026.1', [
    { reportId: 'r1', submittedOn: '2023-04-10', review: ['accepted', '2023-04-11'] },
  ])
  t.equal(onTime(facts, 'r1'), true)
})

t.test('given a first report submitted after the due date, then it is late however it ends', async (t) => {
  const facts = obligation('ladder-2026.1', [
    { reportId: 'r1', submittedOn: '2023-04-11', review: ['returned', '2023-04-12'] },
    { reportId: 'r2', submittedOn: '2023-04-13', review: ['accepted', '2023-04-14'] },
  ])
  t.equal(onTime(facts, 'r2'), false, 'a resubmission inside the window does not mend a late start')
})

t.test('given a report sent on time and returned on 04-12 (window: 3 working days, to 04-17)', async (t) => {
  const returned: Submission = {
    reportId: 'r1',
    submittedOn: '2023-04-07',
    review: ['returned', '2023-04-12'],
  }
  t.test('when the resubmission comes on the last day of the window, then it is on time', async (t) => {
    const facts = obligation('ladder-2026.1', [
      returned,
      { reportId: 'r2', submittedOn: '2023-04-17', review: ['accepted', '2023-04-18'] },
    ])
    t.equal(onTime(facts, 'r2'), true)
  })
  t.test('when it comes the working day after the window, then it is late', async (t) => {
    const facts = obligation('ladder-2026.1', [
      returned,
      { reportId: 'r2', submittedOn: '2023-04-18', review: ['accepted', '2023-04-19'] },
    ])
    t.equal(onTime(facts, 'r2'), false)
  })
  t.test(
    'when a second return opens a second window and the third report comes in it, then on time',
    async (t) => {
      const facts = obligation('ladder-2026.1', [
        returned,
        { reportId: 'r2', submittedOn: '2023-04-14', review: ['returned', '2023-04-17'] },
        { reportId: 'r3', submittedOn: '2023-04-20', review: ['accepted', '2023-04-21'] },
      ])
      t.equal(onTime(facts, 'r3'), true, 'returned 04-17, window to 04-20')
    },
  )
  t.test(
    'when the obligation walked the 2022 ladder (no fairness rules), then only the accepted date counts',
    async (t) => {
      const facts = obligation('ladder-2022.1', [
        returned,
        { reportId: 'r2', submittedOn: '2023-04-17', review: ['accepted', '2023-04-18'] },
      ])
      t.equal(acceptedOnTime(facts, { reportId: 'r2' }, ladder2022v1, workingDays), false)
    },
  )
})

t.test('given nothing accepted, then it is not on time', async (t) => {
  const facts = obligation('ladder-2026.1', [
    { reportId: 'r1', submittedOn: '2023-04-07', review: ['returned', '2023-04-12'] },
  ])
  t.equal(acceptedOnTime(facts, null, ladder2026v1, workingDays), false)
  t.equal(onTime(facts, 'no-such-report'), false)
})

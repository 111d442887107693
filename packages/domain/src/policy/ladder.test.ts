import t from 'tap'
import type { EscalationPolicy } from './escalation-policy'
import { escalationPolicySchema } from './escalation-policy'
import { ladderStageFor, noticeAnswerDue } from './ladder'
import { ladder2022v1 as ladder } from './ladder-2022.1'
import type { ObligationFacts } from './obligation-facts'
import { fakeWorkingDays, nationalDay2023, springFestival2024 } from './working-days.fake'

const wd = fakeWorkingDays({
  holidays: [...nationalDay2023.holidays, ...springFestival2024.holidays],
  workdays: [...nationalDay2023.workdays, ...springFestival2024.workdays],
})

const obligation = (dueDate: string, more: Partial<ObligationFacts> = {}): ObligationFacts => ({
  obligationId: 'ob-1',
  dueDate,
  reports: [],
  notices: [],
  stagesReached: [],
  ...more,
})

const at = (facts: ObligationFacts, today: string) => ladderStageFor(facts, today, ladder, wd)

t.test('given an obligation due Thursday 2023-09-28, the day before the National Day holiday', async (t) => {
  const facts = obligation('2023-09-28')

  t.test('when it is the Friday before, then no stage applies and the next change is Monday', async (t) => {
    const position = at(facts, '2023-09-22')
    t.equal(position.stage, null)
    t.equal(position.nextChangeOn, '2023-09-25')
    t.equal(position.policyVersion, 'ladder-2022.1')
  })

  t.test(
    'when it is due within 3 working days (from 09-25), then stage 1 "due soon" is yellow',
    async (t) => {
      const position = at(facts, '2023-09-25')
      t.equal(position.stage?.id, 'due-soon')
      t.equal(position.stage?.light, 'yellow')
      t.same(position.stage?.actions, [{ kind: 'reminder', template: 'due-soon' }])
      t.equal(position.nextChangeOn, '2023-09-29')
      t.equal(at(facts, '2023-09-28').stage?.id, 'due-soon', 'still yellow on the due date itself')
    },
  )

  t.test(
    'when the due date has passed, even into the holiday, then stage 2 "overdue" is red with a reminder',
    async (t) => {
      const position = at(facts, '2023-09-29')
      t.equal(position.stage?.id, 'overdue')
      t.equal(position.stage?.light, 'red')
      t.same(position.stage?.actions, [{ kind: 'reminder', template: 'overdue' }])
      t.equal(position.nextChangeOn, '2023-10-09', 'the holiday adds no overdue working days')
    },
  )

  t.test(
    'when it is 3 working days overdue (10-07, 10-08, 10-09), then stage 3 issues a supervision notice',
    async (t) => {
      t.equal(at(facts, '2023-10-08').stage?.id, 'overdue')
      const position = at(facts, '2023-10-09')
      t.equal(position.stage?.id, 'supervision-notice')
      t.equal(position.stage?.since, '2023-10-09')
      t.equal(position.nextChangeOn, '2023-10-11')
    },
  )

  t.test('when the notice is issued on 10-09, then its answer is due 2 working days later', async (t) => {
    const action = ladder.stages.find((s) => s.id === 'supervision-notice')?.actions[0]
    if (action?.kind !== 'supervision-notice') throw new Error('default ladder lost its notice action')
    t.equal(noticeAnswerDue('2023-10-09', action, wd), '2023-10-11')
  })

  t.test(
    'when it is 5 working days overdue, then stage 4 escalates and lists it in the bulletin',
    async (t) => {
      const position = at(facts, '2023-10-11')
      t.equal(position.stage?.id, 'escalation')
      t.same(position.stage?.actions, [
        { kind: 'escalate', to: 'leadership-group' },
        { kind: 'list-in-bulletin' },
      ])
      t.equal(position.stage?.firing.trigger.kind, 'overdue')
      t.equal(position.nextChangeOn, null, 'the top of the ladder')
    },
  )
})

t.test('given a supervision notice unanswered by its answer date', async (t) => {
  const facts = obligation('2023-09-28', {
    notices: [{ noticeId: 'n-1', issuedOn: '2023-09-28', answerDueOn: '2023-10-07', answeredOn: null }],
  })

  t.test(
    'when the day after the answer date comes, then stage 4 escalates before 5 working days overdue',
    async (t) => {
      t.equal(at(facts, '2023-10-07').stage?.id, 'overdue')
      t.equal(at(facts, '2023-10-07').nextChangeOn, '2023-10-08')
      const position = at(facts, '2023-10-08')
      t.equal(position.stage?.id, 'escalation')
      t.equal(position.stage?.firing.trigger.kind, 'notice-unanswered')
      t.same(position.stage?.firing.evidence, ['ob-1', 'n-1'])
    },
  )

  t.test('when the notice was answered in time, then only the overdue count escalates', async (t) => {
    const answered = obligation('2023-09-28', {
      notices: [
        { noticeId: 'n-1', issuedOn: '2023-09-28', answerDueOn: '2023-10-07', answeredOn: '2023-10-07' },
      ],
    })
    t.equal(at(answered, '2023-10-08').stage?.id, 'overdue')
    t.equal(at(answered, '2023-10-11').stage?.firing.trigger.kind, 'overdue')
  })

  t.test(
    'when it is answered late, then as of the day after the answer date it was still escalated',
    async (t) => {
      const late = obligation('2023-09-28', {
        notices: [
          { noticeId: 'n-1', issuedOn: '2023-09-28', answerDueOn: '2023-10-07', answeredOn: '2023-10-09' },
        ],
      })
      t.equal(at(late, '2023-10-08').stage?.id, 'escalation')
    },
  )
})

t.test('given reports on an obligation due 2023-09-28', async (t) => {
  t.test('when the only report was returned, then it counts as not submitted', async (t) => {
    const facts = obligation('2023-09-28', {
      reports: [
        { reportId: 'r-1', submittedOn: '2023-09-27', review: { outcome: 'returned', on: '2023-09-28' } },
      ],
    })
    const position = at(facts, '2023-09-29')
    t.equal(position.stage?.id, 'overdue')
    t.match(position.stage?.firing.because.zh, /退回的报送视为未报送：r-1/)
    t.match(position.stage?.firing.because.en, /returned reports count as not submitted: r-1/)
    t.ok(position.stage?.firing.evidence.includes('r-1'))
  })

  t.test(
    'when a report awaits review past the due date, then the ladder still climbs (no accepted report)',
    async (t) => {
      const facts = obligation('2023-09-28', {
        reports: [{ reportId: 'r-1', submittedOn: '2023-09-27', review: null }],
      })
      t.equal(at(facts, '2023-09-29').stage?.id, 'overdue')
    },
  )

  t.test(
    'when a report is accepted, then from that day the obligation is settled and nothing changes',
    async (t) => {
      const facts = obligation('2023-09-28', {
        reports: [
          { reportId: 'r-1', submittedOn: '2023-10-09', review: { outcome: 'accepted', on: '2023-10-10' } },
        ],
      })
      const settled = at(facts, '2023-10-10')
      t.same(settled.settledBy, { reportId: 'r-1', on: '2023-10-10' })
      t.equal(settled.stage, null)
      t.equal(settled.nextChangeOn, null)
      t.equal(
        at(facts, '2023-10-09').stage?.id,
        'supervision-notice',
        'as of the day before, not yet accepted',
      )
    },
  )
})

t.test('given the 2024 Spring Festival (02-10 to 02-17 off, Sundays 02-04 and 02-18 worked)', async (t) => {
  t.test('when due Monday 02-19, then "due soon" starts on Thursday 02-08, before the holiday', async (t) => {
    const facts = obligation('2024-02-19')
    t.equal(at(facts, '2024-02-07').nextChangeOn, '2024-02-08')
    t.equal(at(facts, '2024-02-08').stage?.id, 'due-soon')
  })

  t.test('when due Friday 02-09, then the notice comes on 02-20 and escalation on 02-22', async (t) => {
    const facts = obligation('2024-02-09')
    t.equal(at(facts, '2024-02-10').stage?.id, 'overdue')
    t.equal(at(facts, '2024-02-10').nextChangeOn, '2024-02-20')
    t.equal(at(facts, '2024-02-19').stage?.id, 'overdue')
    t.equal(at(facts, '2024-02-20').stage?.id, 'supervision-notice')
    t.equal(at(facts, '2024-02-22').stage?.id, 'escalation')
  })
})

t.test('given a due date that falls on a holiday (2023-10-01)', async (t) => {
  const facts = obligation('2023-10-01')
  t.test('when counting "due soon", then it is counted from the last working day before it', async (t) => {
    t.equal(at(facts, '2023-09-22').nextChangeOn, '2023-09-25')
    t.equal(at(facts, '2023-09-25').stage?.id, 'due-soon')
  })
  t.test('when counting overdue days, then the first is the make-up Saturday', async (t) => {
    t.equal(at(facts, '2023-10-02').stage?.id, 'overdue')
    t.equal(at(facts, '2023-10-09').stage?.id, 'supervision-notice')
  })
})

t.test('given another ladder version, when evaluated, then its thresholds and version apply', async (t) => {
  const strict: EscalationPolicy = escalationPolicySchema.parse({
    ...ladder,
    version: 'ladder-2024.1',
    stages: ladder.stages.map((s) =>
      s.id === 'supervision-notice' ? { ...s, when: [{ kind: 'overdue', workingDays: 1 }] } : s,
    ),
  })
  const position = ladderStageFor(obligation('2023-09-28'), '2023-10-07', strict, wd)
  t.equal(position.stage?.id, 'supervision-notice')
  t.equal(position.policyVersion, 'ladder-2024.1')
})

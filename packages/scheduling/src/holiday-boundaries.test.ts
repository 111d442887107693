/**
 * Ladder-2026.1 across the real holiday boundaries: the National Day and Spring Festival weeks of
 * 2022–2026 with their make-up working days (调休), as the State Council's notices publish them
 * (packages/calendar/data/cn_holidays.tsv). An obligation falls due on the last working day
 * before each holiday, the unit stays silent, and the scheduler's morning runs are walked day by
 * day through the domain's `nextActions`, as the scheduler does; every step's exact date is
 * asserted, worked out by hand from the published schedule.
 */
import { latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import t from 'tap'

const calendar = latestCalendar()
const ladder = policy.escalationPolicy('ladder-2026.1')

interface Step {
  stage: string
  on: string
  answerDueOn?: string
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/**
 * Each morning from `from` to `to`, the due steps of one obligation, as the scheduler records
 * them; `answer` gives the unit's answer to the notice (the day after it, with a committed date),
 * `reports` the unit's reports.
 */
function mornings(
  dueDate: string,
  from: string,
  to: string,
  options: {
    answer?: (notice: policy.NoticeFact) => { on: string; committedDate: string }
    reports?: policy.ReportFact[]
  } = {},
): Step[] {
  let facts: policy.ObligationFacts = {
    obligationId: 'ob',
    dueDate,
    ladderVersion: ladder.version,
    reports: options.reports ?? [],
    notices: [],
    stagesReached: [],
  }
  const steps: Step[] = []
  for (let day = from; day <= to; day = nextDay(day)) {
    // The morning run sees the acts of earlier days only.
    const seen = { ...facts, reports: facts.reports.filter((r) => r.submittedOn < day) }
    for (const transition of policy.nextActions(seen, day, ladder, calendar)) {
      const step: Step = { stage: transition.stageId, on: transition.shouldHaveHappenedOn }
      let notices = facts.notices
      const action = transition.actions.find((a) => a.kind === 'supervision-notice')
      if (action?.kind === 'supervision-notice') {
        const notice: policy.NoticeFact = {
          noticeId: `n-${day}`,
          issuedOn: day,
          answerDueOn: policy.noticeAnswerDue(day, action, calendar),
          answeredOn: null,
        }
        const answer = options.answer?.(notice)
        notices = [
          ...notices,
          answer ? { ...notice, answeredOn: answer.on, committedDate: answer.committedDate } : notice,
        ]
        step.answerDueOn = notice.answerDueOn
      }
      steps.push(step)
      facts = {
        ...facts,
        notices,
        stagesReached: [...facts.stagesReached, { stageId: transition.stageId, dueDate: transition.dueDate }],
      }
    }
  }
  return steps
}

/** From the 1st of the due month to 45 days after the due date: the whole ladder. */
const silent = (due: string) =>
  mornings(
    due,
    `${due.slice(0, 8)}01`,
    new Date(Date.parse(`${due}T00:00:00Z`) + 45 * 86_400_000).toISOString().slice(0, 10),
  )

const scenarios: { name: string; due: string; steps: Step[] }[] = [
  {
    // 10-01..10-07 off; Saturday 10-08 and Sunday 10-09 worked.
    name: 'National Day 2022, due Friday 09-30',
    due: '2022-09-30',
    steps: [
      { stage: 'due-soon', on: '2022-09-27' },
      { stage: 'overdue', on: '2022-10-08' },
      { stage: 'supervision-notice', on: '2022-10-10', answerDueOn: '2022-10-12' },
      { stage: 'escalation', on: '2022-10-13' },
    ],
  },
  {
    // 09-29..10-06 off; Saturday 10-07 and Sunday 10-08 worked.
    name: 'National Day 2023, due Thursday 09-28',
    due: '2023-09-28',
    steps: [
      { stage: 'due-soon', on: '2023-09-25' },
      { stage: 'overdue', on: '2023-10-07' },
      { stage: 'supervision-notice', on: '2023-10-09', answerDueOn: '2023-10-11' },
      { stage: 'escalation', on: '2023-10-12' },
    ],
  },
  {
    // 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked.
    name: 'National Day 2024, due Monday 09-30',
    due: '2024-09-30',
    steps: [
      { stage: 'due-soon', on: '2024-09-26' },
      { stage: 'overdue', on: '2024-10-08' },
      { stage: 'supervision-notice', on: '2024-10-10', answerDueOn: '2024-10-12' },
      { stage: 'escalation', on: '2024-10-14' },
    ],
  },
  {
    // 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 worked.
    name: 'National Day 2025, due Tuesday 09-30',
    due: '2025-09-30',
    steps: [
      { stage: 'due-soon', on: '2025-09-26' },
      { stage: 'overdue', on: '2025-10-09' },
      { stage: 'supervision-notice', on: '2025-10-11', answerDueOn: '2025-10-14' },
      { stage: 'escalation', on: '2025-10-15' },
    ],
  },
  {
    // Mid-Autumn 09-25..09-27 and National Day 10-01..10-07 off; Saturday 10-10 worked.
    name: 'National Day 2026, due Wednesday 09-30',
    due: '2026-09-30',
    steps: [
      { stage: 'due-soon', on: '2026-09-24' },
      { stage: 'overdue', on: '2026-10-08' },
      { stage: 'supervision-notice', on: '2026-10-10', answerDueOn: '2026-10-13' },
      { stage: 'escalation', on: '2026-10-14' },
    ],
  },
  {
    // 01-31..02-06 off; Saturday 01-29 and Sunday 01-30 worked.
    name: 'Spring Festival 2022, due Sunday 01-30 (a make-up working day)',
    due: '2022-01-30',
    steps: [
      { stage: 'due-soon', on: '2022-01-27' },
      { stage: 'overdue', on: '2022-02-07' },
      { stage: 'supervision-notice', on: '2022-02-09', answerDueOn: '2022-02-11' },
      { stage: 'escalation', on: '2022-02-14' },
    ],
  },
  {
    // 01-21..01-27 off; Saturday 01-28 and Sunday 01-29 worked.
    name: 'Spring Festival 2023, due Friday 01-20',
    due: '2023-01-20',
    steps: [
      { stage: 'due-soon', on: '2023-01-17' },
      { stage: 'overdue', on: '2023-01-28' },
      { stage: 'supervision-notice', on: '2023-01-30', answerDueOn: '2023-02-01' },
      { stage: 'escalation', on: '2023-02-02' },
    ],
  },
  {
    // 02-10..02-17 off; Sundays 02-04 and 02-18 worked.
    name: 'Spring Festival 2024, due Friday 02-09',
    due: '2024-02-09',
    steps: [
      { stage: 'due-soon', on: '2024-02-06' },
      { stage: 'overdue', on: '2024-02-18' },
      { stage: 'supervision-notice', on: '2024-02-20', answerDueOn: '2024-02-22' },
      { stage: 'escalation', on: '2024-02-23' },
    ],
  },
  {
    // 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 worked.
    name: 'Spring Festival 2025, due Monday 01-27',
    due: '2025-01-27',
    steps: [
      { stage: 'due-soon', on: '2025-01-23' },
      { stage: 'overdue', on: '2025-02-05' },
      { stage: 'supervision-notice', on: '2025-02-07', answerDueOn: '2025-02-10' },
      { stage: 'escalation', on: '2025-02-11' },
    ],
  },
  {
    // 02-15..02-23 off; Saturdays 02-14 and 02-28 worked.
    name: 'Spring Festival 2026, due Saturday 02-14 (a make-up working day)',
    due: '2026-02-14',
    steps: [
      { stage: 'due-soon', on: '2026-02-11' },
      { stage: 'overdue', on: '2026-02-24' },
      { stage: 'supervision-notice', on: '2026-02-26', answerDueOn: '2026-02-28' },
      { stage: 'escalation', on: '2026-03-02' },
    ],
  },
]

for (const scenario of scenarios) {
  t.test(`given ${scenario.name} and a silent unit, when the scheduler runs each morning`, async (t) => {
    const steps = silent(scenario.due)
    t.same(steps, scenario.steps, 'each step on its exact working day')
    t.ok(
      steps.every((s) => calendar.isWorkingDay(s.on)),
      'never on a holiday or weekend',
    )
  })
}

t.test(
  'given Spring Festival 2024, due Friday 02-09, and a unit that answers the notice in time',
  async (t) => {
    // Notice 02-20, answered 02-21 committing to Thursday 02-29: the window no longer escalates;
    // the committed date does, the working day after it (Friday 03-01), with nothing accepted.
    const answer = () => ({ on: '2024-02-21', committedDate: '2024-02-29' })
    t.same(mornings('2024-02-09', '2024-02-01', '2024-03-29', { answer }), [
      { stage: 'due-soon', on: '2024-02-06' },
      { stage: 'overdue', on: '2024-02-18' },
      { stage: 'supervision-notice', on: '2024-02-20', answerDueOn: '2024-02-22' },
      { stage: 'escalation', on: '2024-03-01' },
    ])
    t.test(
      'when the report is accepted before the committed date passes, then the ladder ends',
      async (t) => {
        const reports = [
          {
            reportId: 'r1',
            submittedOn: '2024-02-27',
            review: { outcome: 'accepted' as const, on: '2024-02-28' },
          },
        ]
        t.same(
          mornings('2024-02-09', '2024-02-01', '2024-03-29', { answer, reports }).map((s) => s.stage),
          ['due-soon', 'overdue', 'supervision-notice'],
        )
      },
    )
  },
)

t.test('given National Day 2023, due Thursday 09-28, and a report awaiting review', async (t) => {
  t.test(
    'when it was submitted on 10-07 and is still unreviewed, then no notice and no escalation follow',
    async (t) => {
      const reports = [{ reportId: 'r1', submittedOn: '2023-10-07', review: null }]
      t.same(mornings('2023-09-28', '2023-09-01', '2023-11-30', { reports }), [
        { stage: 'due-soon', on: '2023-09-25' },
        { stage: 'overdue', on: '2023-10-07' },
      ])
    },
  )
  t.test(
    'when it is returned on 10-16, then a resubmission window of 3 working days (to 10-19) opens and the ladder counts again from it',
    async (t) => {
      const reports = [
        {
          reportId: 'r1',
          submittedOn: '2023-10-07',
          review: { outcome: 'returned' as const, on: '2023-10-16' },
        },
      ]
      t.same(mornings('2023-09-28', '2023-09-01', '2023-11-30', { reports }), [
        { stage: 'due-soon', on: '2023-09-25' },
        { stage: 'overdue', on: '2023-10-07' },
        // The new round, due 10-19: due soon from the working day after the return (10-17),
        // overdue the working day after 10-19, a notice the 3rd, escalation after its window.
        { stage: 'due-soon', on: '2023-10-17' },
        { stage: 'overdue', on: '2023-10-20' },
        { stage: 'supervision-notice', on: '2023-10-24', answerDueOn: '2023-10-26' },
        { stage: 'escalation', on: '2023-10-27' },
      ])
    },
  )
})

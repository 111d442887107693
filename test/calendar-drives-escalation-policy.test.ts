/**
 * Drives the domain's escalation policy with the real calendar. Neither package depends on the
 * other; this cross-package test keeps them agreed on `WorkingDays`.
 */
import { calendarVersion } from '@duban/calendar'
import { policy } from '@duban/domain'
import t from 'tap'

const { defaultReportingCadence, ladderStageFor, lightFor, nextActions, obligationsFor } = policy
type WorkingDays = policy.WorkingDays

const calendar: WorkingDays = calendarVersion('cn-2026.1')
/** The first ladder (its calendar-day overdue count); ladder-2026.1 has its own holiday tests. */
const ladder2022 = policy.escalationPolicy('ladder-2022.1')

t.test(
  'given the 2023-Q3 report due under the real calendar, when the National Day holiday intervenes',
  async (t) => {
    const q3 = obligationsFor({ from: '2023-07-01', to: '2023-09-30' }, defaultReportingCadence, calendar)
    t.same(
      q3.map((p) => [p.label, p.dueDate]),
      [['2023-Q3', '2023-10-11']],
    )

    const facts = {
      obligationId: 'ob-q3',
      dueDate: '2023-09-28',
      reports: [],
      notices: [],
      stagesReached: [],
    }

    t.test('then the ladder counts only the make-up days and the days after the holiday', async (t) => {
      const stageOn = (d: string) => ladderStageFor(facts, d, ladder2022, calendar).stage?.id
      t.equal(stageOn('2023-09-25'), 'due-soon')
      t.equal(stageOn('2023-09-29'), 'overdue')
      t.equal(stageOn('2023-10-08'), 'overdue')
      t.equal(stageOn('2023-10-09'), 'supervision-notice')
      t.equal(stageOn('2023-10-11'), 'escalation')
    })

    t.test('then a catch-up on 10-12 lists each transition on the date it was due', async (t) => {
      t.same(
        nextActions(facts, '2023-10-12', ladder2022, calendar).map((a) => [
          a.stageId,
          a.shouldHaveHappenedOn,
        ]),
        [
          ['due-soon', '2023-09-25'],
          ['overdue', '2023-09-29'],
          ['supervision-notice', '2023-10-09'],
          ['escalation', '2023-10-11'],
        ],
      )
    })

    t.test('then the light on 10-09 is red for the supervision-notice rule', async (t) => {
      const verdict = lightFor(facts, '2023-10-09', ladder2022, calendar)
      t.equal(verdict.light, 'red')
      t.equal(verdict.reason.rule, 'supervision-notice')
      t.equal(verdict.reason.policyVersion, 'ladder-2022.1')
    })
  },
)

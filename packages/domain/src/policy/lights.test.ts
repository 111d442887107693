import t from 'tap'
import { ladder2022v1 as ladder } from './ladder-2022.1'
import type { LightVerdict } from './lights'
import { assignmentLight, lightFor, taskLight } from './lights'
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

t.test('given an obligation not yet near its due date, when lit, then it is green "on track"', async (t) => {
  const verdict = lightFor(facts(), '2023-09-20', ladder, wd)
  t.equal(verdict.light, 'green')
  t.equal(verdict.reason.rule, 'on-track')
  t.same(verdict.reason.evidence, ['ob-1'])
})

t.test(
  'given an obligation due within 3 working days, when lit, then it is yellow with a bilingual reason',
  async (t) => {
    const verdict = lightFor(facts(), '2023-09-26', ladder, wd)
    t.equal(verdict.light, 'yellow')
    t.same(verdict.reason, {
      rule: 'due-soon',
      policyVersion: 'ladder-2022.1',
      because: {
        zh: '临近到期：报送截止日 2023-09-28，剩余不超过 3 个工作日',
        en: 'due soon: due 2023-09-28, at most 3 working day(s) left',
      },
      evidence: ['ob-1'],
    })
  },
)

t.test(
  'given a returned report and a passed due date, when lit, then it is red and names the returned report',
  async (t) => {
    const verdict = lightFor(
      facts({
        reports: [
          { reportId: 'r-1', submittedOn: '2023-09-27', review: { outcome: 'returned', on: '2023-09-28' } },
        ],
      }),
      '2023-10-09',
      ladder,
      wd,
    )
    t.equal(verdict.light, 'red')
    t.equal(verdict.reason.rule, 'supervision-notice')
    t.same(verdict.reason.evidence, ['ob-1', 'r-1'])
    t.match(
      verdict.reason.because.en,
      /3 working day\(s\) overdue \(due 2023-09-28\).*returned reports count as not submitted: r-1/,
    )
  },
)

t.test('given an accepted report, when lit, then it is green and cites the report', async (t) => {
  const verdict = lightFor(
    facts({
      reports: [
        { reportId: 'r-2', submittedOn: '2023-09-27', review: { outcome: 'accepted', on: '2023-09-28' } },
      ],
    }),
    '2023-10-09',
    ladder,
    wd,
  )
  t.equal(verdict.light, 'green')
  t.equal(verdict.reason.rule, 'report-accepted')
  t.same(verdict.reason.evidence, ['ob-1', 'r-2'])
})

const verdict = (light: LightVerdict['light'], id: string): LightVerdict => ({
  light,
  reason: { rule: 'x', policyVersion: 'ladder-2022.1', because: { zh: id, en: id }, evidence: [id] },
})

t.test(
  "given an assignment's obligation lights, when combined, then the worst wins and its evidence is kept",
  async (t) => {
    const combined = assignmentLight(
      {
        assignmentId: 'as-1',
        obligations: [verdict('green', 'ob-1'), verdict('red', 'ob-2'), verdict('red', 'ob-3')],
      },
      ladder,
    )
    t.equal(combined.light, 'red')
    t.equal(combined.reason.rule, 'worst-of-obligations')
    t.same(combined.reason.evidence, ['as-1', 'ob-2', 'ob-3'])
    t.equal(combined.reason.because.en, '2 of 3 obligation(s) red, e.g. ob-2')
  },
)

t.test('given an indicator behind its trajectory, when combining an assignment', async (t) => {
  const behind = [{ indicatorId: 'ind-1', because: { zh: '进出口额落后', en: 'trade value behind' } }]

  t.test('when its obligations are green, then it turns yellow for the indicator', async (t) => {
    const combined = assignmentLight(
      { assignmentId: 'as-1', obligations: [verdict('green', 'ob-1')], indicatorsBehind: behind },
      ladder,
    )
    t.equal(combined.light, 'yellow')
    t.equal(combined.reason.rule, 'indicator-behind-trajectory')
    t.same(combined.reason.evidence, ['as-1', 'ind-1'])
  })

  t.test('when an obligation is already yellow, then both reasons are kept', async (t) => {
    const combined = assignmentLight(
      { assignmentId: 'as-1', obligations: [verdict('yellow', 'ob-1')], indicatorsBehind: behind },
      ladder,
    )
    t.equal(combined.light, 'yellow')
    t.same(combined.reason.evidence, ['as-1', 'ob-1', 'ind-1'])
  })

  t.test('when an obligation is red, then it stays red', async (t) => {
    const combined = assignmentLight(
      { assignmentId: 'as-1', obligations: [verdict('red', 'ob-1')], indicatorsBehind: behind },
      ladder,
    )
    t.equal(combined.light, 'red')
  })
})

t.test("given a task's assignment lights, when combined, then the worst assignment wins", async (t) => {
  const combined = taskLight(
    { taskId: 'task-1', assignments: [verdict('yellow', 'as-1'), verdict('green', 'as-2')] },
    ladder,
  )
  t.equal(combined.light, 'yellow')
  t.equal(combined.reason.rule, 'worst-of-assignments')
  t.same(combined.reason.evidence, ['task-1', 'as-1'])
  t.equal(taskLight({ taskId: 'task-2', assignments: [] }, ladder).light, 'green')
})

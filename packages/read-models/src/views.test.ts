/** Given a log, when a view is asked (now or as of a date), then it says what the log said then. */
import t from 'tap'
import { ledgerRows } from './queries/ledger-rows'
import type { ViewError } from './queries/view-error'
import { aTaskForYuzhong, givenLog, onAssignment } from './testing/given-log'

const report = (on: string, reportId: string, extra: Record<string, unknown> = {}) =>
  onAssignment(
    on,
    'ProgressReportSubmitted',
    {
      reportId,
      obligationId: '2023-Q1',
      period: '2023-Q1',
      narrative: '进展',
      indicatorValues: [],
      evidence: [],
      ...extra,
    },
    { actor: 'yz', unit: 'cq-yuzhong' },
  )

t.test(
  'unit view: a returned report counts as not submitted, and the obligation goes red once due',
  async (t) => {
    const models = await givenLog(
      [
        ...aTaskForYuzhong,
        report('2023-04-06', 'r1'),
        onAssignment('2023-04-07', 'ProgressReportReturned', { reportId: 'r1', reason: '缺少数据' }),
      ],
      '2023-04-20',
    )
    const before = await models.unitView('cq-yuzhong', { asOf: '2023-04-06' })
    t.equal(
      before.assignments[0]?.obligations[0]?.status,
      'under_review',
      'awaiting review on the day it was sent',
    )
    const now = await models.unitView('cq-yuzhong')
    const assignment = now.assignments[0]
    t.equal(assignment?.obligations[0]?.status, 'open', 'returned: open again')
    t.same(
      assignment?.returnedReports.map((r) => [r.reportId, r.reason]),
      [['r1', '缺少数据']],
    )
    t.equal(assignment?.light, 'red', 'past its due date with no accepted report')
    t.equal(now.summary.onTimeRate, 0, 'nothing met on time')
    await models.close()
  },
)

t.test(
  'overdue board: working days overdue and stage by the date asked; gone once accepted, still there as of before',
  async (t) => {
    const models = await givenLog(
      [
        ...aTaskForYuzhong,
        report('2023-04-24', 'r1'),
        onAssignment('2023-04-25', 'ProgressReportAccepted', { reportId: 'r1' }),
      ],
      '2023-05-04',
    )
    const then = await models.overdueBoard({ asOf: '2023-04-20' })
    t.equal(then.page.total, 1)
    // Due Tue 2023-04-11: working days after it up to and including Thu 2023-04-20.
    t.equal(then.lines[0]?.workingDaysOverdue, 7)
    t.equal(then.lines[0]?.stage, 'escalation', '5 working days overdue: escalation')
    t.same(then.byStage, { escalation: 1 })
    t.equal(
      (await models.overdueBoard({ asOf: '2023-04-12' })).lines[0]?.stage,
      'overdue',
      'the day after: overdue',
    )
    t.equal(
      (await models.overdueBoard({ asOf: '2023-04-20', stage: 'overdue' })).page.total,
      0,
      'filtered by stage',
    )
    t.equal((await models.overdueBoard()).page.total, 0, 'accepted: off the board now')
    const accepted = await models.unitView('cq-yuzhong')
    t.equal(accepted.summary.onTimeRate, 0, 'accepted, but submitted after the due date: not on time')
    await models.close()
  },
)

t.test(
  'overdue board: an extension moves the due date from its position on; a closed assignment leaves the board',
  async (t) => {
    const models = await givenLog(
      [
        ...aTaskForYuzhong,
        onAssignment('2023-04-13', 'ExtensionGranted', {
          requestId: 'x1',
          obligationId: '2023-Q1',
          previousDueDate: '2023-04-11',
          newDueDate: '2023-04-25',
        }),
        onAssignment('2023-05-10', 'AssignmentClosed', {}),
      ],
      '2023-05-12',
    )
    t.equal(
      (await models.overdueBoard({ asOf: '2023-04-12' })).lines[0]?.dueDate,
      '2023-04-11',
      'before: the old due date',
    )
    t.equal((await models.overdueBoard({ asOf: '2023-04-14' })).page.total, 0, 'after: not due yet')
    t.equal(
      (await models.overdueBoard({ asOf: '2023-04-28' })).lines[0]?.dueDate,
      '2023-04-25',
      'then overdue again',
    )
    t.equal((await models.overdueBoard()).page.total, 0, 'closed: off the board')
    const closed = await models.unitView('cq-yuzhong')
    t.equal(closed.assignments[0]?.light, 'green')
    t.equal(closed.assignments[0]?.reason.rule, 'closed')
    await models.close()
  },
)

t.test('inbox: a notice is unanswered until answered, and a reminder is answered by a report', async (t) => {
  const models = await givenLog(
    [
      ...aTaskForYuzhong,
      onAssignment('2023-04-12', 'ReminderSent', {
        reminderId: 'm1',
        kind: 'overdue',
        obligationId: '2023-Q1',
      }),
      onAssignment('2023-04-14', 'SupervisionNoticeIssued', {
        noticeId: 'n1',
        grade: 'general',
        obligationId: '2023-Q1',
        reason: '逾期3个工作日',
        answerDueDate: '2023-04-18',
      }),
      onAssignment('2023-04-17', 'SupervisionNoticeAnswered', {
        noticeId: 'n1',
        answer: '本周补报',
        evidence: [],
      }),
      report('2023-04-19', 'r1'),
    ],
    '2023-04-20',
  )
  const before = await models.inbox('cq-yuzhong', { asOf: '2023-04-14' })
  t.same(
    before.items.map((i) => [i.itemId, i.answered, i.acknowledged]),
    [
      ['notice:n1', false, true],
      ['reminder:m1', false, true],
    ],
  )
  t.equal(before.counts.unansweredNotices, 1)
  const now = await models.inbox('cq-yuzhong')
  t.same(
    now.items.map((i) => [i.itemId, i.answered]),
    [
      ['notice:n1', true],
      ['reminder:m1', true],
    ],
  )
  t.equal((await models.unitView('cq-yuzhong', { asOf: '2023-04-14' })).assignments[0]?.openNotices.length, 1)
  await models.close()
})

const accepted = (on: string, reportId: string) =>
  onAssignment(on, 'ProgressReportAccepted', { reportId }, { actor: 'ducha', unit: 'cq-zhengfubangongting' })

t.test(
  'indicators: a 2023 actual corrected by the office in 2024 — as recorded on 2024-01-15 and as now known',
  async (t) => {
    const models = await givenLog(
      [
        ...aTaskForYuzhong,
        report('2023-12-20', 'a1', {
          obligationId: undefined,
          period: '2023',
          indicatorValues: [{ targetId: 'trade', value: 8600, period: '2023' }],
        }),
        accepted('2023-12-22', 'a1'),
        {
          on: '2024-02-01',
          stream: 'task-p1.t1',
          type: 'IndicatorActualCorrected',
          data: {
            taskId: 'p1.t1',
            targetId: 'trade',
            period: '2023',
            value: 8900,
            correctionId: 'k1',
            reason: '统计局年报数据',
          },
          actor: 'ducha',
          unit: 'cq-zhengfubangongting',
          businessDate: '2023-12-31',
        },
      ],
      '2024-03-01',
    )
    const then = (await models.indicators('p1', { asOf: '2024-01-15' })).indicators[0]
    t.equal(then?.actuals[0]?.value, 8600, 'as recorded on 2024-01-15')
    t.equal(then?.actuals[0]?.nowKnown, 8900, 'beside what is known now')
    t.equal(then?.actuals[0]?.recordedBy, 'yz', 'who reported it')
    const now = (await models.indicators('p1')).indicators[0]
    t.equal(now?.actuals[0]?.value, 8900, 'as now known')
    t.equal(now?.actuals[0]?.source, 'correction')
    t.equal(now?.actuals[0]?.businessDate, '2023-12-31', 'the correction speaks of its period')
    t.equal(now?.actuals[0]?.recordedBy, 'ducha', 'corrected by the office')
    t.same(
      now?.actuals[0]?.replaced.map((r) => r.value),
      [8600],
      'the value it replaced',
    )
    // Linear from 8000 (2021) to 10000 (2024): 2023 expects 9333.3; 8900 is behind.
    t.same(
      now?.trajectory.map((p) => p.year),
      [2021, 2022, 2023, 2024],
    )
    t.equal(now?.behindTrajectory, true)
    t.equal(now?.forecast, 9350, 'at its pace from 8000 in 2021: 9350 by 2024')
    t.equal(now?.light, 'red', 'behind and forecast to miss')
    t.equal(
      (await models.indicators('p1', { asOf: '2023-12-21' })).indicators[0]?.actuals.length,
      0,
      'submitted but not yet accepted: no actual',
    )
    await models.close()
  },
)

t.test("indicators: only accepted figures count; a returned report's figures never do", async (t) => {
  const figures = (value: number) => ({
    indicatorValues: [{ targetId: 'trade', value, period: '2023-Q1' }],
  })
  const models = await givenLog(
    [
      ...aTaskForYuzhong,
      report('2023-04-06', 'r1', figures(9999)),
      onAssignment('2023-04-07', 'ProgressReportReturned', { reportId: 'r1', reason: '数据有误' }),
      report('2023-04-10', 'r2', figures(8700)),
      accepted('2023-04-12', 'r2'),
    ],
    '2023-04-20',
  )
  const at = async (asOf: string) =>
    (await models.indicators('p1', { asOf })).indicators[0]?.actuals.map((a) => a.value)
  t.same(await at('2023-04-06'), [], 'submitted: not an actual')
  t.same(await at('2023-04-11'), [], 'resubmitted, awaiting review: still not')
  t.same(await at('2023-04-12'), [8700], 'accepted: the actual')
  t.same(
    (await models.indicators('p1')).indicators[0]?.actuals[0]?.replaced,
    [],
    'the returned figure was never an actual',
  )
  await models.close()
})

t.test(
  "indicators: on a shared task the lead unit's figure is the actual, a co-unit's a contribution",
  async (t) => {
    const coUnit = 'cq-jiangbei'
    const coStream = 'assignment-p1.t1~cq-jiangbei'
    const onCo = (on: string, type: string, data: Record<string, unknown>) => ({
      on,
      stream: coStream,
      type,
      data: { taskId: 'p1.t1', unitId: coUnit, ...data },
      actor: 'jb',
      unit: coUnit,
    })
    const models = await givenLog(
      [
        ...aTaskForYuzhong,
        onCo('2023-01-04', 'TaskAssigned', { role: 'co', dueDate: '2024-12-31' }),
        report('2023-04-06', 'r1', {
          indicatorValues: [{ targetId: 'trade', value: 8700, period: '2023-Q1' }],
        }),
        accepted('2023-04-07', 'r1'),
        onCo('2023-04-06', 'ProgressReportSubmitted', {
          reportId: 'j1',
          narrative: '配合',
          indicatorValues: [{ targetId: 'trade', value: 1200, period: '2023-Q1' }],
          evidence: [],
        }),
        onCo('2023-04-08', 'ProgressReportAccepted', { reportId: 'j1' }),
      ],
      '2023-04-20',
    )
    const [indicator] = (await models.indicators('p1')).indicators
    t.same(
      indicator?.actuals.map((a) => [a.unitId, a.value]),
      [['cq-yuzhong', 8700]],
      "the lead unit's figure, not a sum",
    )
    t.match(indicator?.contributions, [{ unitId: coUnit, period: '2023-Q1', value: 1200, reportId: 'j1' }])
    await models.close()
  },
)

t.test(
  'indicators: a goal without a baseline is held to the pace from its first actual, not to the bare goal',
  async (t) => {
    const withoutBaseline = aTaskForYuzhong.map((event) => {
      if (event.type !== 'TaskRegistered') return event
      const [target] = event.data['targets'] as Record<string, unknown>[]
      const { baseline: _, ...bare } = target!
      return { ...event, data: { ...event.data, targets: [bare] } }
    })
    const actual = (on: string, reportId: string, period: string, value: number) => [
      report(on, reportId, {
        obligationId: undefined,
        period,
        indicatorValues: [{ targetId: 'trade', value, period }],
      }),
      accepted(on, reportId),
    ]
    const models = await givenLog(
      [
        ...withoutBaseline,
        ...actual('2023-04-06', 'a1', '2023-Q1', 8600),
        ...actual('2023-10-10', 'a2', '2023-Q3', 9100),
      ],
      '2023-10-20',
    )
    const [indicator] = (await models.indicators('p1')).indicators
    // From 8600 at the end of 2023-Q1 to 10000 by the end of 2024, 2023-Q3 asks for 9000: 9100 is
    // ahead, and its pace (1000 a year) lands at 10350. Against the bare goal it would be behind.
    t.equal(indicator?.behindTrajectory, false)
    t.equal(indicator?.forecast, 10350)
    t.equal(indicator?.light, 'green')
    t.equal(indicator?.baseline, null, 'the plan stated no baseline, and the view says so')
    await models.close()
  },
)

t.test('task history: every event of the task and its assignments up to the position asked', async (t) => {
  const models = await givenLog([...aTaskForYuzhong, report('2023-04-06', 'r1')], '2023-04-20')
  const all = await models.taskHistory('p1.t1')
  t.same(
    all.entries.map((e) => e.type),
    [
      'TaskRegistered',
      'TaskAssigned',
      'AssignmentAcknowledged',
      'ObligationOpened',
      'ProgressReportSubmitted',
    ],
  )
  t.same(all.entries.at(-1) && [all.entries.at(-1)?.actor, all.entries.at(-1)?.actorUnit], [
    'yz',
    'cq-yuzhong',
  ])
  t.equal(
    (await models.taskHistory('p1.t1', { asOf: '2023-01-04' })).page.total,
    2,
    'as of the day it was assigned',
  )
  await models.close()
})

t.test('bad questions are refused with the kind the API maps to 400, 404, 422', async (t) => {
  const models = await givenLog(aTaskForYuzhong, '2023-04-20')
  t.equal(await refusal(models.overdueBoard({ asOf: '2023-13-01' })), 'bad-request')
  t.equal(await refusal(models.overdueBoard({ asOf: 'soon' })), 'bad-request')
  t.equal(await refusal(models.overdueBoard({ asOf: '2023-04-21' })), 'unprocessable')
  t.equal(await refusal(models.overdueBoard({ asOf: '9999' })), 'unprocessable')
  t.equal(await refusal(models.taskHistory('nope')), 'not-found')
  t.equal(await refusal(models.planDashboard('nope')), 'not-found')
  t.equal(await refusal(models.overdueBoard({ limit: 0 })), 'bad-request')
  await models.close()
})

/** The kind of ViewError a query is refused with, or 'answered'. */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query
    return 'answered'
  } catch (error) {
    return (error as ViewError).kind
  }
}

t.test(
  'unit view: a hand-over (移交) shows from both units; the passed-on assignment has no light of its own',
  async (t) => {
    const hand = { transferId: 'm1', effectiveOn: '2023-04-03', reason: '单位撤并' }
    const successor = 'cq-liangjiangqu'
    const onSuccessor = (on: string, type: string, data: Record<string, unknown>) => ({
      on,
      stream: `assignment-p1.t1~${successor}`,
      type,
      data: { taskId: 'p1.t1', unitId: successor, ...data },
      actor: 'system:units',
      businessDate: '2023-04-03',
    })
    const models = await givenLog(
      [
        ...aTaskForYuzhong,
        onSuccessor('2023-04-03', 'TaskAssigned', { role: 'district', dueDate: '2024-12-31' }),
        onSuccessor('2023-04-03', 'AssignmentTakenOver', { ...hand, fromUnitId: 'cq-yuzhong' }),
        onAssignment(
          '2023-04-03',
          'AssignmentTransferred',
          { ...hand, toUnitId: successor },
          { actor: 'system:units' },
        ),
      ],
      '2023-04-20',
    )
    const ceased = (await models.unitView('cq-yuzhong')).assignments[0]
    t.equal(ceased?.status, 'transferred')
    t.match(ceased?.transferredTo, { unitId: successor, effectiveOn: '2023-04-03', reason: '单位撤并' })
    t.not(ceased?.light, 'red', 'the 2023-Q1 obligation, overdue, is no longer this unit to answer for')
    // The 台账 row and the dashboard say the same of the passed-on assignment as the unit view.
    const row = [...ledgerRows(models.db, models.rules(), await models.asOf(undefined), 'p1')].find(
      (r) => r.unitId === 'cq-yuzhong',
    )
    const dashboard = await models.planDashboard('p1')
    const counted =
      'items' in dashboard
        ? dashboard.items.assignments.find((a) => a.unitId === 'cq-yuzhong')?.light
        : undefined
    t.equal(row?.light, ceased?.light, '台账 row: the light of the unit view')
    t.equal(counted, ceased?.light, 'dashboard: the same light')
    t.equal(row?.workingDaysOverdue, 0, '台账 row: no working days overdue counted against it')
    const taking = (await models.unitView(successor)).assignments[0]
    t.match(taking?.takenOverFrom, [{ unitId: 'cq-yuzhong', effectiveOn: '2023-04-03' }])
    t.equal(
      (await models.unitView('cq-yuzhong', { asOf: '2023-04-02' })).assignments[0]?.transferredTo,
      null,
      'as of before: not yet',
    )
    await models.close()
  },
)

import t from 'tap'
import { foldEvents } from '../decider'
import { domainEvents } from '../domain-events'
import { planDecider } from '../plan/decider'
import { office, unit, weekdaysOnly } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { planRegistered, taskClosed, taskDefinition, taskRegistered, withPlan } from '../testing/fixtures'
import { RegisterTask, type TaskCommand } from './commands'
import { taskDecider } from './decider'
import type { TaskEvent } from './events'

const spec = DeciderSpecification.for(taskDecider, { context: withPlan(office), registry: domainEvents })
const asLead = withPlan(unit('commerce'))
const taskId = 'cq-trade.1'

const register = (data: Record<string, unknown>) =>
  RegisterTask.parse({
    type: 'RegisterTask',
    data: {
      taskId,
      planId: 'cq-trade',
      sectionId: 's1',
      number: '1',
      kind: 'task',
      title: '培育外贸主体',
      body: '每年开展10场以上外贸主体培育活动。',
      leadUnitId: 'commerce',
      coUnitIds: ['customs'],
      allDistricts: true,
      targets: [
        { id: 't1', text: '每年开展10场以上', kind: 'annual', comparator: 'at_least', value: 10, unit: '场' },
      ],
      ...data,
    },
  })

const completion: TaskCommand = {
  type: 'RequestTaskCompletion',
  data: { taskId, summary: '已完成', evidence: [] },
}
const completionRequested: TaskEvent = {
  type: 'TaskCompletionRequested',
  data: { taskId, unitId: 'commerce', summary: '已完成', evidence: [] },
}
const close: TaskCommand = { type: 'CloseTask', data: { taskId } }
const reopen: TaskCommand = { type: 'ReopenTask', data: { taskId, reason: '复核未完成' } }
const extend = (newDeadline: string): TaskCommand => ({
  type: 'ExtendTaskDeadline',
  data: { taskId, newDeadline, reason: '项目延后' },
})

t.test('立项: a task is due at the end of the plan period unless it says otherwise', async () => {
  spec.given([]).when(register({})).then([taskRegistered])
  spec
    .given([])
    .when(register({ deadline: '2023-12-29', startsOn: '2023-01-01' }))
    .then([
      {
        type: 'TaskRegistered',
        data: { ...taskDefinition, deadline: '2023-12-29', startsOn: '2023-01-01' },
      },
    ])
})

t.test(
  '立项: the plan and section must exist; a start lies within the plan and before the deadline',
  async () => {
    spec
      .given([])
      .when(register({}), { ...office, plan: { status: 'unregistered' } })
      .thenThrows('not_found')
    spec
      .given([])
      .when(register({ planId: 'other' }))
      .thenThrows('not_found', /plan other/)
    spec
      .given([])
      .when(register({ sectionId: 's9' }))
      .thenThrows('invalid', /no section s9/)
    spec
      .given([])
      .when(register({ startsOn: '2021-06-01' }))
      .thenThrows('invalid', /starts on 2021-06-01/)
    spec
      .given([])
      .when(register({ deadline: '2021-12-31' }))
      .thenThrows('invalid', /before its plan starts/)
  },
)

t.test('立项: once, by the supervision office; the schema checks the units', async (t) => {
  spec
    .given([taskRegistered])
    .when(register({}))
    .thenThrows('conflict', /already registered/)
  spec.given([]).when(register({}), asLead).thenThrows('forbidden')
  t.throws(() => register({ coUnitIds: ['commerce'] }), /lead unit is not also a co-unit/)
  t.throws(() => register({ coUnitIds: ['customs', 'customs'] }), /listed once/)
})

t.test('办结申请 → 销号, by the lead unit and the office', async () => {
  spec.given([taskRegistered]).when(completion, asLead).then([completionRequested])
  spec.given([taskRegistered, completionRequested]).when(close).then([taskClosed])
  spec
    .given([taskRegistered])
    .when(completion, withPlan(unit('customs')))
    .thenThrows('forbidden', /lead unit/)
  spec
    .given([taskRegistered])
    .when(close)
    .thenThrows('conflict', /no completion request/)
  spec
    .given([taskRegistered, completionRequested])
    .when(completion, asLead)
    .thenThrows('conflict', /already/)
  spec.given([taskRegistered, completionRequested]).when(close, asLead).thenThrows('forbidden')
})

t.test('a completion request sent back leaves the task open', async () => {
  const sentBack: TaskEvent = { type: 'TaskCompletionSentBack', data: { taskId, reason: '佐证不足' } }
  spec
    .given([taskRegistered, completionRequested])
    .when({ type: 'SendBackTaskCompletion', data: { taskId, reason: '佐证不足' } })
    .then([sentBack])
  spec
    .given([taskRegistered, completionRequested, sentBack])
    .when(completion, asLead)
    .then([completionRequested])
})

t.test('a closed task refuses everything but reopening', async () => {
  const closed = [taskRegistered, completionRequested, taskClosed]
  spec
    .given(closed)
    .when(completion, asLead)
    .thenThrows('conflict', /closed/)
  spec
    .given(closed)
    .when(extend('2025-06-30'))
    .thenThrows('conflict', /closed/)
  spec
    .given(closed)
    .when(reopen)
    .then([{ type: 'TaskReopened', data: { taskId, reason: '复核未完成' } }])
  spec
    .given([taskRegistered])
    .when(reopen)
    .thenThrows('conflict', /not closed/)
})

const amended = foldEvents(planDecider, [
  planRegistered,
  {
    type: 'PlanPeriodAmended',
    data: {
      planId: 'cq-trade',
      amendmentId: 'a1',
      previousPeriod: { from: 2022, to: 2024 },
      period: { from: 2022, to: 2025 },
      reason: '市政府决定延长行动计划至2025年',
    },
  },
])
const withAmendedPlan = { ...office, plan: amended }

t.test('延期 of the task stays within the plan period unless the plan is amended (计划调整)', async () => {
  spec
    .given([taskRegistered])
    .when(extend('2025-06-30'))
    .thenThrows('invalid', /after its plan period ends \(2024-12-31\); amend the plan first/)
  spec
    .given([taskRegistered])
    .when(extend('2025-06-30'), withAmendedPlan)
    .then([
      {
        type: 'TaskDeadlineExtended',
        data: { taskId, previousDeadline: '2024-12-31', newDeadline: '2025-06-30', reason: '项目延后' },
      },
    ])
  spec
    .given([taskRegistered])
    .when(extend('2026-01-05'), withAmendedPlan)
    .thenThrows('invalid', /after its plan period ends \(2025-12-31\)/)
  spec
    .given([])
    .when(register({ deadline: '2025-06-30' }))
    .thenThrows('invalid', /after its plan period ends/)
})

t.test('延期 of the task keeps the old deadline, moves forward only, onto a working day', async () => {
  const extended: TaskEvent = {
    type: 'TaskDeadlineExtended',
    data: { taskId, previousDeadline: '2024-12-31', newDeadline: '2025-06-30', reason: '项目延后' },
  }
  spec.given([taskRegistered]).when(extend('2025-06-30'), withAmendedPlan).then([extended])
  spec
    .given([taskRegistered, extended])
    .when(extend('2025-12-31'), withAmendedPlan)
    .then([
      {
        type: 'TaskDeadlineExtended',
        data: { taskId, previousDeadline: '2025-06-30', newDeadline: '2025-12-31', reason: '项目延后' },
      },
    ])
  spec
    .given([taskRegistered])
    .when(extend('2024-06-28'))
    .thenThrows('invalid', /not after/)
  spec
    .given([taskRegistered])
    .when(extend('2025-06-29'), { ...withAmendedPlan, isWorkingDay: weekdaysOnly })
    .thenThrows('invalid', /not a working day/)
  spec
    .given([taskRegistered])
    .when(extend('2025-06-30'), { ...asLead, plan: amended })
    .thenThrows('forbidden')
})

t.test('实际值更正: the office corrects a past period of a numeric target', async () => {
  const correct = (data: Record<string, unknown>): TaskCommand =>
    ({
      type: 'CorrectIndicatorActual',
      data: {
        taskId,
        correctionId: 'k1',
        targetId: 't1',
        period: '2022',
        value: 12,
        reason: '统计部门核定',
        ...data,
      },
    }) as TaskCommand
  spec
    .given([taskRegistered])
    .when(correct({}))
    .then([
      {
        type: 'IndicatorActualCorrected',
        data: {
          taskId,
          correctionId: 'k1',
          targetId: 't1',
          period: '2022',
          value: 12,
          reason: '统计部门核定',
        },
      },
    ])
  // Today is 2023-04-03: 2023-Q1 is over, 2023-Q2 is not.
  spec
    .given([taskRegistered])
    .when(correct({ period: '2023-Q1' }))
    .then([
      {
        type: 'IndicatorActualCorrected',
        data: {
          taskId,
          correctionId: 'k1',
          targetId: 't1',
          period: '2023-Q1',
          value: 12,
          reason: '统计部门核定',
        },
      },
    ])
  spec
    .given([taskRegistered])
    .when(correct({ period: '2023-Q2' }))
    .thenThrows('invalid', /ends on 2023-06-30, after today/)
  spec
    .given([taskRegistered])
    .when(correct({ targetId: 'nope' }))
    .thenThrows('not_found', /no target nope; its targets: t1/)
  spec
    .given([])
    .when(correct({}))
    .thenThrows('not_found', /not registered/)
  spec.given([taskRegistered]).when(correct({}), asLead).thenThrows('forbidden')
})

import t from 'tap'
import { domainEvents } from '../domain-events'
import { office, unit } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { planRegistered } from '../testing/fixtures'
import { type PlanCommand, RegisterPlan } from './commands'
import { planDecider } from './decider'
import type { PlanEvent } from './events'

const spec = DeciderSpecification.for(planDecider, { context: office, registry: domainEvents })

const register = RegisterPlan.parse({
  type: 'RegisterPlan',
  data: {
    planId: 'cq-2022-trade',
    title: '推动外贸高质量发展三年行动计划',
    issuer: '重庆市人民政府办公厅',
    issuedOn: '2022-09-20',
    period: { from: 2022, to: 2024 },
    sections: [{ id: 's1', title: '推动外贸主体培育行动' }],
    goals: [
      {
        id: 'g1',
        text: '到2024年,力争全市外贸进出口总值突破1万亿元',
        kind: 'level',
        comparator: 'at_least',
        value: 10000,
        unit: '亿元',
        dueOn: '2024-12-31',
      },
    ],
  },
})

const registered: PlanEvent = { type: 'PlanRegistered', data: register.data }

t.test('registering a plan records it with the default reporting policy', async (t) => {
  t.same(register.data.reportingPolicy, { cadence: 'quarterly', dueWorkingDay: 5 })
  spec.given([]).when(register).then([registered])
})

t.test('registering a plan twice is a conflict', async () => {
  spec
    .given([registered])
    .when(register)
    .thenThrows('conflict', /already registered/)
})

t.test('only the supervision office registers plans', async () => {
  spec
    .given([])
    .when(register, unit('cq.commerce'))
    .thenThrows('forbidden', /supervision office/)
})

t.test('the command schema rejects what no plan can be', async (t) => {
  const data = { ...register.data }
  t.notOk(
    RegisterPlan.safeParse({ type: 'RegisterPlan', data: { ...data, period: { from: 2024, to: 2022 } } })
      .success,
  )
  t.notOk(
    RegisterPlan.safeParse({
      type: 'RegisterPlan',
      data: { ...data, sections: [data.sections[0], data.sections[0]] },
    }).success,
    'duplicate section ids',
  )
  t.notOk(
    RegisterPlan.safeParse({ type: 'RegisterPlan', data: { ...data, extra: 1 } }).success,
    'unknown field',
  )
  t.notOk(
    RegisterPlan.safeParse({
      type: 'RegisterPlan',
      data: {
        ...data,
        goals: [{ id: 'g', text: '常态化', kind: 'milestone', value: 1, comparator: 'at_least' }],
      },
    }).success,
    'a milestone with a value',
  )
})

const amend = (periodTo: number): PlanCommand => ({
  type: 'AmendPlanPeriod',
  data: { planId: 'cq-trade', amendmentId: 'a1', periodTo, reason: '市政府决定延长行动计划至2025年' },
})

t.test(
  '计划调整: the office extends the plan period by a reasoned amendment, keeping the old one',
  async () => {
    spec
      .given([planRegistered])
      .when(amend(2025))
      .then([
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
    spec
      .given([planRegistered])
      .when(amend(2024))
      .thenThrows('invalid', /2024 is not after its last year 2024/)
    spec
      .given([])
      .when(amend(2025))
      .thenThrows('not_found', /not registered/)
    spec.given([planRegistered]).when(amend(2025), unit('commerce')).thenThrows('forbidden')
  },
)

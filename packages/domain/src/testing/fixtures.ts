/** A plan, a task and its assignment as states and events, for the specifications. */
import type { AssignmentCommand } from '../assignment/commands'
import type { AssignmentCommandContext, CommandData } from '../assignment/context'
import type { AssignmentEvent } from '../assignment/events'
import type { CommandContext } from '../decider'
import { foldEvents } from '../decider'
import { planDecider } from '../plan/decider'
import type { PlanEvent } from '../plan/events'
import { type TaskCommandContext, type TaskDefinition, taskDecider } from '../task/decider'
import type { TaskEvent } from '../task/events'

export const planRegistered: PlanEvent = {
  type: 'PlanRegistered',
  data: {
    planId: 'cq-trade',
    title: '推动外贸高质量发展三年行动计划',
    period: { from: 2022, to: 2024 },
    sections: [{ id: 's1', title: '推动外贸主体培育行动' }],
    reportingPolicy: { cadence: 'quarterly', dueWorkingDay: 5 },
    goals: [],
  },
}

export const plan = foldEvents(planDecider, [planRegistered])

export const taskDefinition: TaskDefinition = {
  taskId: 'cq-trade.1',
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
  deadline: '2024-12-31',
}

export const taskRegistered: TaskEvent = { type: 'TaskRegistered', data: taskDefinition }

export const taskClosed: TaskEvent = { type: 'TaskClosed', data: { taskId: 'cq-trade.1' } }

/** A task context: the plan is registered. */
export const withPlan = (context: CommandContext): TaskCommandContext => ({ ...context, plan })

/** An assignment context: the task is registered and open, unless other task events say otherwise. */
export const withTask = (
  context: CommandContext,
  taskEvents: TaskEvent[] = [taskRegistered],
): AssignmentCommandContext => ({
  ...context,
  task: foldEvents(taskDecider, taskEvents),
})

const ids = { taskId: 'cq-trade.1', unitId: 'yuzhong' }

/** The district 渝中区's part in the task. */
export const yuzhong = ids

export const assigned: AssignmentEvent = {
  type: 'TaskAssigned',
  data: { ...ids, role: 'district', dueDate: '2024-12-31' },
}
export const acknowledged: AssignmentEvent = { type: 'AssignmentAcknowledged', data: ids }
export const q1Obligation = {
  ...ids,
  obligationId: '2023-Q1',
  period: '2023-Q1',
  dueDate: '2023-04-10',
  kind: 'periodic' as const,
}
export const q1Opened: AssignmentEvent = { type: 'ObligationOpened', data: q1Obligation }

export const q1Report = {
  ...ids,
  reportId: 'r1',
  obligationId: '2023-Q1',
  period: '2023-Q1',
  narrative: '一季度开展培育活动3场。',
  indicatorValues: [{ targetId: 't1', value: 3, period: '2023' }],
  evidence: [],
}
export const q1Reported: AssignmentEvent = { type: 'ProgressReportSubmitted', data: q1Report }

type EventData<Type extends AssignmentEvent['type']> = Extract<AssignmentEvent, { type: Type }>['data']

/** An assignment command, its data checked against its type. */
export const command = <Type extends AssignmentCommand['type']>(type: Type, data: CommandData<Type>) =>
  ({ type, data }) as AssignmentCommand

/** An assignment event, its data checked against its type. */
export const event = <Type extends AssignmentEvent['type']>(type: Type, data: EventData<Type>) =>
  ({ type, data }) as AssignmentEvent

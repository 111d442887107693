import { latestCalendar } from '@duban/calendar'
import { openMemoryEventStore } from '@duban/eventstore'
import { ReadModels } from '../read-models'

export interface GivenEvent {
  /** Asia/Shanghai date it was recorded on (recorded at 10:00 that day). */
  on: string
  stream: string
  type: string
  data: Record<string, unknown>
  actor?: string
  unit?: string | null
  businessDate?: string
}

/** Read models over a log of exactly these events, caught up, with "today" as given. */
export async function givenLog(events: readonly GivenEvent[], today: string): Promise<ReadModels> {
  const store = openMemoryEventStore()
  let n = 0
  for (const event of events) {
    const commandId = `c${++n}`
    await store.append(
      event.stream,
      [
        {
          type: event.type,
          schemaVersion: event.type === 'ReminderSent' ? 2 : 1,
          data: event.data,
          metadata: {
            actor: event.actor ?? 'office',
            unit: event.unit ?? null,
            commandId,
            correlationId: commandId,
            causationId: commandId,
            recordedAt: `${event.on}T02:00:00.000Z`,
            ...(event.businessDate ? { businessDate: event.businessDate } : {}),
          },
        },
      ],
      { expectedVersion: 'any' },
    )
  }
  const models = new ReadModels({
    file: ':memory:',
    store,
    workingDays: latestCalendar(),
    today: () => today,
  })
  await models.catchUp()
  return models
}

const task = 'p1.t1'
const unit = 'cq-yuzhong'
const assignment = `assignment-${task}~${unit}`
const ids = { taskId: task, unitId: unit }

/** A plan with one task bound to one district, signed for, with its 2023-Q1 obligation open. */
export const aTaskForYuzhong: GivenEvent[] = [
  {
    on: '2023-01-03',
    stream: 'plan-p1',
    type: 'PlanRegistered',
    data: {
      planId: 'p1',
      title: '行动计划',
      period: { from: 2022, to: 2024 },
      sections: [{ id: 'g1', title: '一、行动' }],
      reportingPolicy: { cadence: 'quarterly', dueWorkingDay: 5 },
      goals: [],
    },
  },
  {
    on: '2023-01-03',
    stream: `task-${task}`,
    type: 'TaskRegistered',
    data: {
      taskId: task,
      planId: 'p1',
      sectionId: 'g1',
      number: '1',
      kind: 'task',
      title: '外贸进出口',
      body: '到2024年，外贸进出口总值突破1万亿元。',
      leadUnitId: unit,
      coUnitIds: [],
      allDistricts: false,
      targets: [
        {
          id: 'trade',
          text: '外贸进出口总值突破1万亿元',
          kind: 'level',
          comparator: 'at_least',
          value: 10000,
          unit: '亿元',
          baseline: { year: 2021, value: 8000 },
        },
      ],
      deadline: '2024-12-31',
    },
  },
  {
    on: '2023-01-04',
    stream: assignment,
    type: 'TaskAssigned',
    data: { ...ids, role: 'lead', dueDate: '2024-12-31' },
  },
  { on: '2023-01-05', stream: assignment, type: 'AssignmentAcknowledged', data: ids, actor: 'yz', unit },
  {
    on: '2023-01-05',
    stream: assignment,
    type: 'ObligationOpened',
    data: { ...ids, obligationId: '2023-Q1', period: '2023-Q1', dueDate: '2023-04-11', kind: 'periodic' },
    actor: 'system:scheduler',
  },
]

/** An event on the district's assignment stream. */
export const onAssignment = (
  on: string,
  type: string,
  data: Record<string, unknown>,
  extra: Partial<GivenEvent> = {},
): GivenEvent => ({ on, stream: assignment, type, data: { ...ids, ...data }, ...extra })

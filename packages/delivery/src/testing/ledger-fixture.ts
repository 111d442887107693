/**
 * A small ledger for delivery tests and the benchmark: units with channels (robots on a local
 * robot server, e-mail contacts), tasks, and a morning's reminders, notices and escalations,
 * written to a real store as the domain encodes them.
 */
import { type DomainEvent, domainEvents } from '@duban/domain'
import type { EventStore } from '@duban/eventstore'
import { appendConfig, channelSetEvent } from '../config-events'
import { LEADERSHIP } from '../events'
import type { SecretBox } from '../secrets'
import type { RobotServer } from './robot-server'

let counter = 0

export async function appendDomain(
  store: EventStore,
  streamId: string,
  event: DomainEvent,
  recordedAt: string,
  commandId = `fixture-${++counter}-${Math.random().toString(36).slice(2)}`,
): Promise<void> {
  await store.append(
    streamId,
    [
      {
        ...domainEvents.encode(event),
        metadata: {
          actor: 'system:scheduler',
          unit: null,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          recordedAt,
        },
      },
    ],
    { expectedVersion: 'any' },
  )
}

export const unitToken = (unitId: string) => `ding-${unitId}`
export const unitSecret = (unitId: string) => `SEC-secret-of-${unitId}`
export const unitKey = (unitId: string) => `wecom-${unitId}`

/** Each unit: a DingTalk robot with 加签, a WeCom robot, e-mail to its responsible person. */
export async function configureUnits(
  store: EventStore,
  secrets: SecretBox,
  robots: RobotServer,
  unitIds: string[],
  at: string,
  options: { email?: boolean; wecom?: boolean } = {},
): Promise<void> {
  const actor = (commandId: string) => ({ userId: 'admin', unitId: null, commandId })
  for (const unitId of [...unitIds, LEADERSHIP]) {
    await appendConfig(
      store,
      unitId,
      channelSetEvent(
        unitId,
        `${unitId}.ding`,
        {
          kind: 'dingtalk',
          label: '工作群',
          webhook: robots.dingtalkWebhook(unitToken(unitId)),
          secret: unitSecret(unitId),
        },
        secrets,
      ),
      actor(`cfg-${unitId}-ding`),
      new Date(at),
    )
    if (options.wecom)
      await appendConfig(
        store,
        unitId,
        channelSetEvent(
          unitId,
          `${unitId}.wecom`,
          { kind: 'wecom', label: '企业微信群', webhook: robots.wecomWebhook(unitKey(unitId)) },
          secrets,
        ),
        actor(`cfg-${unitId}-wecom`),
        new Date(at),
      )
    if (options.email) {
      await appendConfig(
        store,
        unitId,
        channelSetEvent(unitId, `${unitId}.mail`, { kind: 'email', label: '邮件' }, secrets),
        actor(`cfg-${unitId}-mail`),
        new Date(at),
      )
      await appendConfig(
        store,
        unitId,
        {
          type: 'UnitContactsSet',
          data: {
            unitId,
            contacts: [
              {
                name: `${unitId}责任人`,
                role: 'responsible',
                email: `head@${unitId}.example`,
                mobile: '13800000000',
              },
            ],
          },
        },
        actor(`cfg-${unitId}-contacts`),
        new Date(at),
      )
    }
  }
}

export async function registerTask(
  store: EventStore,
  taskId: string,
  title: string,
  at: string,
): Promise<void> {
  await appendDomain(
    store,
    `task-${taskId}`,
    {
      type: 'TaskRegistered',
      data: {
        taskId,
        planId: 'p1',
        sectionId: 's1',
        number: taskId,
        kind: 'task',
        title,
        body: title,
        leadUnitId: 'u-lead',
        coUnitIds: [],
        allDistricts: false,
        deadline: '2024-12-31',
        targets: [],
      } as never,
    },
    at,
  )
}

export const reminder = (
  taskId: string,
  unitId: string,
  kind: 'due_soon' | 'overdue' | 'manual',
  id: string,
): DomainEvent => ({
  type: 'ReminderSent',
  data: {
    taskId,
    unitId,
    reminderId: id,
    kind,
    message: kind === 'manual' ? '请尽快报送。' : '请按时报送进展。',
  },
})

export const notice = (taskId: string, unitId: string, id: string): DomainEvent => ({
  type: 'SupervisionNoticeIssued',
  data: {
    taskId,
    unitId,
    noticeId: id,
    grade: 'general',
    reason: `${unitId} 逾期未报`,
    answerDueDate: '2023-10-24',
  },
})

export const escalation = (taskId: string, unitId: string, id: string): DomainEvent => ({
  type: 'EscalatedToLeadership',
  data: { taskId, unitId, escalationId: id, reason: '督办单逾期未回复' },
})

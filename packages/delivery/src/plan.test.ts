/**
 * Pure planning, given / when / then: which deliveries an item makes, when they may go, what
 * they say; the errcode classifier; backoff. No I/O.
 */
import { latestCalendar } from '@duban/calendar'
import t from 'tap'
import { backoffDelay, defaultBackoff } from './backoff'
import { notBefore } from './business-time'
import { classifyRobotAnswer, classifySmtpError } from './classify'
import { LEADERSHIP } from './events'
import { type ChannelRef, deliveryIdOf, isDigestItem, planDeliveries, type Source } from './plan'
import { defaultDeliveryRules } from './rules'

const days = latestCalendar()
const channels: Record<string, ChannelRef[]> = {
  u1: [
    { channelId: 'u1.ding', unitId: 'u1', kind: 'dingtalk' },
    { channelId: 'u1.mail', unitId: 'u1', kind: 'email' },
  ],
  u2: [{ channelId: 'u2.wecom', unitId: 'u2', kind: 'wecom' }],
  [LEADERSHIP]: [{ channelId: 'lg.ding', unitId: LEADERSHIP, kind: 'dingtalk' }],
}
const context = {
  rules: defaultDeliveryRules,
  baseUrl: 'https://duban.example',
  days,
  lookup: { unitName: (id: string) => ({ u1: '渝中区', u2: '江北区' })[id] ?? id, taskTitle: () => '稳外贸' },
  channelsOf: (unitId: string) => channels[unitId] ?? [],
}
const source = (over: Partial<Source>): Source => ({
  eventId: 'e1',
  position: 10,
  recordedAt: '2023-10-20T02:00:00.000Z', // Fri 10:00 Shanghai
  kind: 'notice',
  unitId: 'u1',
  taskId: 't1',
  notice: { grade: 'general', reason: '逾期未报', answerDueDate: '2023-10-24' },
  ...over,
})

t.test(
  'a notice goes to the unit group and by e-mail, with ids derived from event, recipient, channel',
  async (t) => {
    const planned = planDeliveries(source({}), context)
    t.same(
      planned.map((p) => [p.channelId, p.recipientUnitId, p.deliveryId]),
      [
        ['u1.ding', 'u1', deliveryIdOf('e1', 'u1', 'u1.ding')],
        ['u1.mail', 'u1', deliveryIdOf('e1', 'u1', 'u1.mail')],
      ],
    )
    t.same(planDeliveries(source({}), context), planned, 'the same every time')
    t.equal(planned[0]?.notBefore, '2023-10-20T02:00:00.000Z', 'within working hours: at once')
    t.ok(planned[0]?.message.card, 'an actionCard on DingTalk')
    t.equal(planned[0]?.message.link, 'https://duban.example/w/units/u1/tasks/t1')
    t.match(planned[0]?.message.markdown, /编号 d-[0-9a-f]{24}/)
    t.ok(planned[0]!.seq < planned[1]!.seq)
  },
)

t.test(
  'an escalation goes to the leadership group only; due-soon and overdue go to the digest',
  async (t) => {
    const escalation = planDeliveries(source({ kind: 'escalation', message: '督办单逾期未回复' }), context)
    t.same(
      escalation.map((p) => p.channelId),
      ['lg.ding'],
    )
    t.match(escalation[0]?.message.text, /渝中区 承担的任务「稳外贸」已提级报领导小组/)
    t.ok(isDigestItem({ kind: 'reminder.due_soon' }, defaultDeliveryRules))
    t.ok(isDigestItem({ kind: 'reminder.overdue' }, defaultDeliveryRules))
    t.notOk(isDigestItem({ kind: 'reminder.manual' }, defaultDeliveryRules))
    t.same(planDeliveries(source({ kind: 'reminder.overdue' }), context), [], 'nothing of its own')
    t.same(planDeliveries(source({ unitId: 'u3' }), context), [], 'a unit without channels: nothing')
  },
)

t.test("a unit's item never goes to another unit's channel", async (t) => {
  const leaky = { ...context, channelsOf: () => [...(channels.u1 ?? []), ...(channels.u2 ?? [])] }
  t.same(
    planDeliveries(source({}), leaky).map((p) => p.channelId),
    ['u1.ding', 'u1.mail'],
  )
})

t.test('quiet hours and rest days, unless urgent', async (t) => {
  const hours = defaultDeliveryRules.workingHours
  const at = (iso: string, urgent = false) => notBefore(new Date(iso), urgent, hours, days).toISOString()
  t.equal(at('2023-10-19T23:00:00.000Z'), '2023-10-20T00:30:00.000Z', 'Fri 07:00 → 08:30 the same day')
  t.equal(at('2023-10-20T11:00:00.000Z'), '2023-10-23T00:30:00.000Z', 'Fri 19:00 → Mon 08:30')
  t.equal(
    at('2023-09-29T02:00:00.000Z'),
    '2023-10-07T00:30:00.000Z',
    'National Day → the make-up Saturday 10-07',
  )
  t.equal(
    at('2023-10-21T02:00:00.000Z', true),
    '2023-10-21T02:00:00.000Z',
    'urgent: at once, even on Saturday',
  )
})

t.test('errcodes: ok, transient, permanent', async (t) => {
  const verdict = (kind: 'dingtalk' | 'wecom', status: number, body: unknown) =>
    classifyRobotAnswer(kind, status, body).verdict
  t.equal(verdict('dingtalk', 200, { errcode: 0, errmsg: 'ok' }), 'ok')
  t.equal(verdict('dingtalk', 200, { errcode: 130101 }), 'transient')
  t.equal(verdict('dingtalk', 200, { errcode: 300001 }), 'permanent')
  t.equal(verdict('dingtalk', 200, { errcode: 310000 }), 'permanent')
  t.equal(verdict('dingtalk', 200, { errcode: 460101 }), 'permanent')
  t.equal(verdict('wecom', 200, { errcode: 45009 }), 'transient')
  t.equal(verdict('wecom', 200, { errcode: 93000 }), 'permanent')
  t.equal(verdict('wecom', 200, { errcode: 40058 }), 'permanent')
  t.equal(verdict('wecom', 502, undefined), 'transient')
  t.equal(verdict('wecom', 429, undefined), 'transient')
  t.equal(verdict('wecom', 404, undefined), 'permanent')
  t.equal(verdict('dingtalk', 200, '<html>'), 'transient', 'an unreadable answer is tried again')
  t.equal(classifySmtpError({ responseCode: 421 }).verdict, 'transient')
  t.equal(classifySmtpError({ responseCode: 550 }).verdict, 'permanent')
})

t.test('backoff: exponential, capped, jittered by the injected random', async (t) => {
  t.equal(
    backoffDelay(defaultBackoff, 1, () => 0),
    15_000,
  )
  t.equal(
    backoffDelay(defaultBackoff, 1, () => 0.999_999),
    30_000,
  )
  t.equal(
    backoffDelay(defaultBackoff, 3, () => 0),
    60_000,
  )
  t.equal(
    backoffDelay(defaultBackoff, 20, () => 0),
    1_800_000,
    'capped at an hour (× jitter)',
  )
})

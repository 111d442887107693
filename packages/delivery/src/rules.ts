/**
 * Rules of delivery (what goes where): policy data beside the escalation ladder, versioned,
 * never constants in code. Each rule names a kind of ledger event, who receives it (the
 * obligated unit, or the leadership group's channels), on which channel kinds, and whether it
 * goes out at once or in the unit's morning digest (每日汇总).
 */
import { z } from 'zod'
import { ChannelKind } from './events'

export const SourceKind = z.enum([
  'reminder.due_soon',
  'reminder.overdue',
  'reminder.manual',
  'notice',
  'escalation',
  'digest',
])
export type SourceKind = z.infer<typeof SourceKind>

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, Asia/Shanghai')

export const DeliveryRule = z.strictObject({
  on: SourceKind,
  to: z.enum(['unit', 'leadership']),
  channels: z.array(ChannelKind).min(1),
  /** `digest`: collected into the unit's morning digest instead of a message of its own. */
  mode: z.enum(['immediate', 'digest']),
  /** Urgent messages go out at once, even outside working hours and on rest days. */
  urgent: z.boolean().default(false),
})
export type DeliveryRule = z.infer<typeof DeliveryRule>

export const DeliveryRules = z.strictObject({
  version: z.string().min(1),
  /** Messages that are not urgent wait for working hours on a working day (Asia/Shanghai). */
  workingHours: z.strictObject({ start: ClockTime, end: ClockTime }),
  /** When the morning digest of a working day may go out (after the scheduler's morning run). */
  digestAt: ClockTime,
  /** A digest waits until no new item came in for this long, so one morning run is one digest. */
  digestSettleSeconds: z.number().int().min(0).max(3600),
  /** At most this many messages a minute per robot (DingTalk and WeCom allow 20). */
  robotPerMinute: z.number().int().min(1).max(20),
  rules: z.array(DeliveryRule),
})
export type DeliveryRules = z.infer<typeof DeliveryRules>

export const defaultDeliveryRules: DeliveryRules = DeliveryRules.parse({
  version: 'delivery-2026.1',
  workingHours: { start: '08:30', end: '18:00' },
  digestAt: '09:00',
  digestSettleSeconds: 120,
  robotPerMinute: 20,
  rules: [
    // 48 separate "due soon" pings become one line each in the morning digest.
    { on: 'reminder.due_soon', to: 'unit', channels: ['dingtalk', 'wecom'], mode: 'digest' },
    { on: 'reminder.overdue', to: 'unit', channels: ['dingtalk', 'wecom'], mode: 'digest' },
    { on: 'digest', to: 'unit', channels: ['dingtalk', 'wecom'], mode: 'immediate' },
    // A reminder the office sends by hand is meant to be read now.
    { on: 'reminder.manual', to: 'unit', channels: ['dingtalk', 'wecom'], mode: 'immediate' },
    // 督办单 are formal: to the group and by e-mail to the unit's responsible person.
    { on: 'notice', to: 'unit', channels: ['dingtalk', 'wecom', 'email'], mode: 'immediate' },
    { on: 'escalation', to: 'leadership', channels: ['dingtalk', 'wecom', 'email'], mode: 'immediate' },
  ],
})

export const rulesFor = (rules: DeliveryRules, on: SourceKind) => rules.rules.filter((rule) => rule.on === on)

/**
 * Delivery wired into a process: the key that seals channel secrets, the channels (DingTalk,
 * WeCom, SMTP), and — where this process dispatches — the dispatcher with its local index
 * (`delivery.sqlite` in the data dir). The embedded server dispatches in-process; on a server
 * store the scheduler service does, under the leader lock.
 */
import path from 'node:path'
import { latestCalendar } from '@duban/calendar'
import {
  appendConfig,
  type Channel,
  type ChannelKind,
  channelSetEvent,
  Dispatcher,
  dingtalkChannel,
  emailChannel,
  LEADERSHIP,
  loadSecretBox,
  type SecretBox,
  wecomChannel,
} from '@duban/delivery'
import type { EventStore } from '@duban/eventstore'
import type { Clock } from '@duban/ledger'
import type { UnitDirectory } from '@duban/units'
import { z } from 'zod'
import { type Config, ConfigError } from './config'

export const DeliveryConfigSchema = z.object({
  /** `off`: no dispatcher in this process (channels can still be configured). */
  DUBAN_DELIVERY: z.enum(['on', 'off']).default('on'),
  /** base64 of 32 bytes; default: `delivery.key` in the data dir, created on first use. */
  DUBAN_DELIVERY_KEY: z.string().optional(),
  /** Where links in messages point, e.g. `https://duban.cq.gov.cn`. */
  DUBAN_PUBLIC_URL: z.url().optional(),
  /** `smtp://user:pass@host:587`, `smtps://…`, or `json:` (nothing leaves the machine); unset: no e-mail. */
  DUBAN_SMTP_URL: z
    .string()
    .regex(/^(smtps?:\/\/.+|json:)$/, 'smtp://…, smtps://… or json:')
    .optional(),
  DUBAN_MAIL_FROM: z.string().min(3).default('督办系统 <duban@localhost>'),
})

export interface DeliverySettings {
  enabled: boolean
  baseUrl: string
  smtpUrl?: string
  mailFrom: string
  envKey?: string
}

export function loadDeliverySettings(
  config: Pick<Config, 'host' | 'port'>,
  env: NodeJS.ProcessEnv = process.env,
): DeliverySettings {
  const parsed = DeliveryConfigSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(
      `invalid configuration in the environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    )
  }
  const d = parsed.data
  return {
    enabled: d.DUBAN_DELIVERY === 'on',
    baseUrl: (d.DUBAN_PUBLIC_URL ?? `http://${config.host}:${config.port}`).replace(/\/$/, ''),
    ...(d.DUBAN_SMTP_URL && { smtpUrl: d.DUBAN_SMTP_URL }),
    mailFrom: d.DUBAN_MAIL_FROM,
    ...(d.DUBAN_DELIVERY_KEY && { envKey: d.DUBAN_DELIVERY_KEY }),
  }
}

/** A unit's name in messages: its current name, or its last one for a unit since abolished. */
export function deliveryUnitName(units: UnitDirectory): (unitId: string) => string {
  return (unitId) =>
    unitId === LEADERSHIP
      ? '领导小组'
      : (units.periodAsOf(unitId)?.name ?? units.get(unitId)?.periods.at(-1)?.name ?? unitId)
}

export const deliveryKeyFile = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'delivery.key')

export function deliverySecrets(config: Pick<Config, 'dataDir'>, settings: DeliverySettings): SecretBox {
  return loadSecretBox({ envKey: settings.envKey, file: deliveryKeyFile(config) })
}

export function deliveryChannels(
  settings: DeliverySettings,
  wallClock: Clock,
  onMail?: (mail: { deliveryId: string; to: string[]; subject: string }) => void,
): Partial<Record<ChannelKind, Channel>> & { close(): void } {
  const email = settings.smtpUrl
    ? emailChannel({ url: settings.smtpUrl, from: settings.mailFrom, ...(onMail && { onSink: onMail }) })
    : undefined
  return {
    dingtalk: dingtalkChannel({ now: () => wallClock.now().getTime() }),
    wecom: wecomChannel(),
    ...(email && { email }),
    close: () => email?.close(),
  }
}

export interface OpenDispatcherOptions {
  store: EventStore
  /** The ledger's clock (stamps outcomes, decides quiet hours); real time drives retries. */
  clock: Clock
  wallClock: Clock
  unitName(unitId: string): string
  settings: DeliverySettings
  secrets: SecretBox
  logger?: ConstructorParameters<typeof Dispatcher>[0]['logger']
  onMail?: (mail: { deliveryId: string; to: string[]; subject: string }) => void
}

export function openDispatcher(
  config: Pick<Config, 'dataDir'>,
  options: OpenDispatcherOptions,
): { dispatcher: Dispatcher; close(): Promise<void> } {
  const channels = deliveryChannels(options.settings, options.wallClock, options.onMail)
  const dispatcher = new Dispatcher({
    store: options.store,
    indexFile: path.join(config.dataDir, 'delivery.sqlite'),
    clock: options.clock,
    wallClock: options.wallClock,
    secrets: options.secrets,
    channels,
    baseUrl: options.settings.baseUrl,
    unitName: options.unitName,
    days: latestCalendar(),
    ...(options.logger && { logger: options.logger }),
  })
  return {
    dispatcher,
    close: async () => {
      await dispatcher.close()
      channels.close()
    },
  }
}

/**
 * The demo's channels, all pointing at a robot sink on this machine: 江北区 and 市商务委 on
 * DingTalk robots (江北区 also by e-mail), 渝中区 on a WeCom robot, the leadership group on a
 * DingTalk robot. Written once per sink address.
 */
export async function seedDemoDelivery(
  store: EventStore,
  secrets: SecretBox,
  sinkUrl: string,
  at: Date,
): Promise<void> {
  const actor = (id: string) => ({
    userId: 'admin',
    unitId: null,
    commandId: `demo-delivery:${sinkUrl}:${id}`,
  })
  const ding = (token: string) => `${sinkUrl}/robot/send?access_token=${token}`
  const channels: [string, string, Parameters<typeof channelSetEvent>[2]][] = [
    [
      'cq-jiangbei',
      'jiangbei-group',
      {
        kind: 'dingtalk',
        label: '江北区督办工作群',
        webhook: ding('demo-jiangbei'),
        secret: 'SECdemo-jiangbei',
      },
    ],
    ['cq-jiangbei', 'jiangbei-mail', { kind: 'email', label: '责任人邮箱' }],
    [
      'cq-shangwuwei',
      'swz-group',
      { kind: 'dingtalk', label: '市商务委工作群', webhook: ding('demo-shangwuwei') },
    ],
    [
      'cq-yuzhong',
      'yuzhong-wecom',
      {
        kind: 'wecom',
        label: '渝中区企业微信群',
        webhook: `${sinkUrl}/cgi-bin/webhook/send?key=demo-yuzhong`,
      },
    ],
    [
      LEADERSHIP,
      'leadership-group',
      { kind: 'dingtalk', label: '领导小组群', webhook: ding('demo-leadership') },
    ],
  ]
  for (const [unitId, channelId, body] of channels)
    await appendConfig(store, unitId, channelSetEvent(unitId, channelId, body, secrets), actor(channelId), at)
  await appendConfig(
    store,
    'cq-jiangbei',
    {
      type: 'UnitContactsSet',
      data: {
        unitId: 'cq-jiangbei',
        contacts: [
          { name: '刘洋', role: 'responsible', email: 'liuyang@jiangbei.example', mobile: '13800000001' },
        ],
      },
    },
    actor('contacts'),
    at,
  )
}

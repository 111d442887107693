/**
 * `duban notify test <unit>`: a test message to each of the unit's channels, straight to the
 * platform, and what each answered. Writes nothing to the log (a test is not a ledger fact).
 * Exit 1 when a channel failed, 2 for an unknown unit or one without channels.
 */
import { deliveryConfigStreamId, LEADERSHIP, sendTestMessages } from '@duban/delivery'
import {
  chongqingUnits,
  deliveryChannels,
  deliverySecrets,
  deliveryUnitName,
  ledgerClockStandsAt,
  loadDeliverySettings,
} from '@duban/runtime'
import type { Command } from 'commander'
import { CliError } from '../cli-error'
import { configFromEnv, openLedger } from '../ledger-from-env'

const verdictLabel = {
  ok: '已送达 ok',
  transient: '暂时失败 transient',
  permanent: '失败 permanent',
} as const

export function notifyCommand(program: Command): void {
  const notify = program.command('notify').description('delivery of reminders to DingTalk, WeCom and e-mail')
  notify
    .command('test')
    .description("send a test message to each of a unit's channels and print the outcome")
    .argument('<unit>', `unit id (e.g. cq-jiangbei), or ${LEADERSHIP} for the leadership group's channels`)
    .option('--json', 'print the outcomes as JSON')
    .action(async (unitId: string, options: { json?: boolean }) => {
      const config = configFromEnv()
      const { units } = chongqingUnits()
      if (unitId !== LEADERSHIP && !units.get(unitId))
        throw new CliError(`no unit ${unitId} in the directory`)
      const unitName = deliveryUnitName(units)(unitId)
      const settings = loadDeliverySettings(config)
      // A ledger whose clock stands still is the demo's: its mail stays on the machine too.
      if (!settings.smtpUrl && ledgerClockStandsAt(config)) settings.smtpUrl = 'json:'
      const ledger = await openLedger()
      const channels = deliveryChannels(settings, { now: () => new Date() })
      try {
        const events = await ledger.store.readStream(deliveryConfigStreamId(unitId))
        const outcomes = await sendTestMessages({
          unitId,
          unitName,
          events,
          secrets: deliverySecrets(config, settings),
          channels,
          baseUrl: settings.baseUrl,
          now: new Date(),
        })
        if (outcomes.length === 0) throw new CliError(`${unitName} (${unitId}) has no delivery channel`)
        if (options.json) process.stdout.write(`${JSON.stringify({ unitId, outcomes })}\n`)
        else {
          process.stdout.write(`${unitName} (${unitId}):\n`)
          for (const o of outcomes)
            process.stdout.write(
              `  ${o.channelId.padEnd(20)} ${o.kind.padEnd(9)} ${o.label}  ${verdictLabel[o.verdict]}  ${o.code}${o.detail ? ` ${o.detail}` : ''}\n`,
            )
        }
        if (outcomes.some((o) => o.verdict !== 'ok'))
          throw new CliError('a channel did not take the test message', 1)
      } finally {
        channels.close()
        await ledger.close()
      }
    })
}

/**
 * On a server store the scheduler service also dispatches reminders (the embedded API server
 * does on SQLite): one active dispatcher per database under its own leader lock
 * (`duban-dispatcher`), so a standby scheduler takes over delivery too. It needs the key that
 * sealed the channel secrets, shared with the API processes: `DUBAN_DELIVERY_KEY`.
 */
import { dirname } from 'node:path'
import { serveDispatcher } from '@duban/delivery'
import type { EventStore } from '@duban/eventstore'
import { systemClock } from '@duban/ledger'
import {
  chongqingUnits,
  deliverySecrets,
  deliveryUnitName,
  loadDeliverySettings,
  openDispatcher,
} from '@duban/runtime'
import type { Logger } from 'pino'
import type { SchedulerConfig } from './config'

export function dispatchAlongside(
  config: SchedulerConfig,
  store: EventStore,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> | undefined {
  if (process.env.DUBAN_DELIVERY === 'off' || config.store.kind === 'sqlite' || !config.lockUrl)
    return undefined
  const settings = loadDeliverySettings({ host: '127.0.0.1', port: 3000 })
  if (!settings.envKey) {
    logger.warn(
      'no DUBAN_DELIVERY_KEY: this scheduler does not dispatch reminders (the API sealed them with that key)',
    )
    return undefined
  }
  const dataDir = dirname(config.indexFile)
  const { dispatcher, close } = openDispatcher(
    { dataDir },
    {
      store,
      clock: systemClock,
      wallClock: systemClock,
      unitName: deliveryUnitName(chongqingUnits().units),
      settings,
      secrets: deliverySecrets({ dataDir }, settings),
      logger: logger.child({ component: 'dispatcher' }),
    },
  )
  return serveDispatcher({
    dispatcher,
    everyMs: 2_000,
    signal,
    leaderLockUrl: config.lockUrl,
    onLeading: () => logger.info('dispatching reminders'),
    onLost: (error) => {
      logger.fatal({ err: error }, 'dispatcher leadership lost: exiting so that no second dispatcher sends')
      process.exit(3)
    },
    onError: (error) => logger.error({ err: error }, 'dispatch failed; trying again'),
  }).finally(close)
}

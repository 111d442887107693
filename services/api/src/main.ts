/**
 * The API server: the whole API in one process, on the embedded SQLite log or, with
 * DUBAN_STORE_URL=postgres://…, on a log, accounts and drafts shared with other API processes.
 *   tsx services/api/src/main.ts [--demo]
 * With --demo (SQLite only), an empty data directory is first filled with the demo ledger and the
 * ledger's clock stands at the demo's "today".
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type Clock, fixedClock, systemClock } from '@duban/ledger'
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { DEMO_PASSWORD, demoUsers, seedDemoUsers } from './auth/demo-users'
import { roleLabels } from './auth/roles'
import { ConfigError, loadConfig } from './config'
import { DEMO_TODAY, seedDemoLedger } from './demo'
import { openLedgerAt } from './open-ledger'
import { openReadModelReplica } from './read-model-replica'
import { createServer } from './server'
import { chongqingUnits } from './units'
import { fileAliasBook } from './web/alias-book'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } } })
  const config = loadConfig()
  if (values.demo && config.store.kind !== 'sqlite') {
    // The demo writes 58,500 events at a frozen date into an empty log: not into a shared one.
    throw new ConfigError(
      `--demo runs on the embedded SQLite log only, not on ${config.store.display}: unset DUBAN_STORE_URL`,
    )
  }
  const clock: Clock = values.demo ? fixedClock(DEMO_TODAY) : systemClock
  const logger = pino({ name: 'duban-api', level: config.logLevel })
  const opened = await openLedgerAt(config, clock, logger)
  const { store, storeKind, ledger, drafts, users } = opened

  const units = chongqingUnits()
  if (values.demo) {
    const written = await seedDemoLedger(ledger, units.districtsAsOf)
    if (written > 0) process.stdout.write(`demo ledger: ${written} events written to ${opened.display}\n`)
    await seedDemoUsers(users)
  }

  const readModels = await openReadModelReplica(config, store, clock, (reason) =>
    logger.warn({ reason }, 'rebuilding the read models from the log'),
  )
  await readModels.start()
  const server = await createServer(config, {
    readModels,
    store,
    storeKind,
    clock,
    ledger,
    drafts,
    users,
    // Unit names the office confirmed in review, for the next import (one file per data dir).
    aliases: fileAliasBook(path.join(config.dataDir, 'unit-aliases.tsv')),
    ...units,
  })
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'shutting down after an error')
    else server.log.info({ signal }, 'shutting down')
    await server.close()
    await readModels.close()
    await opened.close()
  })
  const address = await server.listen({ port: config.port, host: config.host })
  printWelcome(
    address,
    opened.display,
    values.demo ? clock : undefined,
    (id) => units.units.periodAsOf(id, DEMO_TODAY.slice(0, 10))?.name ?? id,
  )
}

function printWelcome(
  address: string,
  log: string,
  demoClock?: Clock,
  unitName: (id: string) => string = (id) => id,
): void {
  const lines = [
    '',
    `Duban 督办 is running at ${address}`,
    `  event log: ${log}`,
    demoClock
      ? `  demo ledger; the ledger's clock stands at ${demoClock.now().toISOString()} (${DEMO_TODAY_LABEL})`
      : '',
    '',
    ...(demoClock ? demoUserLines(address, unitName) : []),
    'Try next:',
    `  ${address}/docs                 the API, generated from its schemas`,
    `  curl ${address}/health`,
    `  curl -H 'content-type: application/json' -d '{"userId":"ducha","password":"${DEMO_PASSWORD}"}' ${address}/auth/token`,
    `  curl -H 'authorization: Bearer TOKEN' ${address}/tasks/2022-192sktf.t1     task 1 with its history`,
    '  pnpm --silent duban verify        check the hash chain of the whole log',
    '',
  ]
  process.stdout.write(
    `${lines.filter((line, i) => line !== '' || i === 0 || lines[i - 1] !== '').join('\n')}\n`,
  )
}

function demoUserLines(address: string, unitName: (id: string) => string): string[] {
  return [
    `Sign in at ${address}/login as a demo user (password: ${DEMO_PASSWORD}):`,
    ...demoUsers.map(
      (user) =>
        `  ${user.id.padEnd(18)} ${user.displayName}  ${unitName(user.unitId)} ${user.roles.map((r) => roleLabels[r]).join('、')}`,
    ),
    '',
  ]
}

const DEMO_TODAY_LABEL = '2023-11-15 10:00 in Asia/Shanghai, mid-plan'

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(
    `Duban failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})

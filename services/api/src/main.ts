/**
 * The API server: the whole API in one process, on the embedded SQLite log or, with
 * DUBAN_STORE_URL=postgres://…, on a log, accounts and drafts shared with other API processes.
 *   tsx services/api/src/main.ts [--demo]
 * With --demo (`pnpm start`), an EMPTY embedded log is first filled with the demo ledger, its
 * users created and the ledger's clock stood at the demo's "today"; on any other store --demo
 * changes nothing, so one command serves both modes. A store with no administrator is refused,
 * with the `duban admin create` line that makes one.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type RobotServer, startRobotServer } from '@duban/delivery'
import { openSqliteEventStore } from '@duban/eventstore'
import { systemClock } from '@duban/ledger'
import {
  Accounts,
  ConfigError,
  chongqingUnits,
  DEMO_PASSWORD,
  DEMO_TODAY,
  deliverySecrets,
  deliveryUnitName,
  demoUsers,
  ledgerClock,
  ledgerClockStandsAt,
  loadConfig,
  loadDeliverySettings,
  openDispatcher,
  openLedgerAt,
  openReadModelReplica,
  roleLabels,
  seedDemoDelivery,
  seedDemoLog,
  seedDemoUsers,
  standLedgerClockAt,
} from '@duban/runtime'
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { openApiLogGuard } from './log-guard'
import { READ_MODEL_COALESCE_MS } from './plugins/read-your-writes'
import { createServer } from './server'
import { fileAliasBook } from './web/alias-book'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } } })
  const config = loadConfig()
  // The demo writes 58,500 events at a frozen date into an empty embedded log, never into a
  // shared one nor a ledger already in use. Its clock stands at its date, for the server and the CLI.
  const seedDemo =
    values.demo &&
    config.store.kind === 'sqlite' &&
    config.store.file !== undefined &&
    (await logIsEmpty(config.store.file))
  if (seedDemo) standLedgerClockAt(config, new Date(DEMO_TODAY), DEMO_LEDGER)
  const standing = ledgerClockStandsAt(config)
  // The demo's users exist on the demo's ledger only (its clock says so), never on another.
  const demo = values.demo && standing?.reason === DEMO_LEDGER
  const clock = ledgerClock(config)
  const logger = pino({ name: 'duban-api', level: config.logLevel })
  const units = chongqingUnits()
  if (seedDemo) {
    const written = await seedDemoLog(config.store.file!, units.districtsAsOf)
    if (written > 0)
      process.stdout.write(`demo ledger: ${written} events written to ${config.store.display}\n`)
  }
  const opened = await openLedgerAt(config, clock, logger)
  const { storeKind, drafts, users, attachments } = opened
  // Checked before the server listens; appends go through the guard (refused on a broken chain).
  const logGuard = await openApiLogGuard(config.store, opened.store, logger)
  const store = logGuard.store
  const ledger = { ...opened.ledger, store }
  const accounts = new Accounts(users, ledger)
  if (demo) await seedDemoUsers(accounts)
  if ((await accounts.administrators()).length === 0) {
    await logGuard.close()
    await opened.close()
    throw new ConfigError(noAdministrator(config.store.display, config.dataDir))
  }

  // Delivery: channel secrets sealed with the key beside the ledger; on the embedded log this
  // process dispatches (on a server store the scheduler service does, under a leader lock).
  const deliverySettings = loadDeliverySettings(config)
  if (demo && !deliverySettings.smtpUrl) deliverySettings.smtpUrl = 'json:'
  // On a server store every API process and the dispatching scheduler must share one key.
  const canSeal = storeKind === 'sqlite' || deliverySettings.envKey !== undefined
  if (!canSeal)
    logger.warn('no DUBAN_DELIVERY_KEY on a server store: delivery channels cannot be configured here')
  const secrets = canSeal ? deliverySecrets(config, deliverySettings) : undefined
  let sink: RobotServer | undefined
  if (demo && deliverySettings.enabled && secrets) {
    sink = await startDemoSink(config.port === 0 ? undefined : config.port + 1)
    await seedDemoDelivery(store, secrets, sink.url, clock.now())
  }
  const dispatching =
    deliverySettings.enabled && storeKind === 'sqlite' && secrets
      ? openDispatcher(config, {
          store,
          clock,
          wallClock: systemClock,
          unitName: deliveryUnitName(units.units),
          settings: deliverySettings,
          secrets,
          logger: logger.child({ component: 'dispatcher' }),
          ...(demo && {
            onMail: (mail: { to: string[]; subject: string; deliveryId: string }) =>
              process.stdout.write(
                `demo sink ← e-mail to ${mail.to.join(', ')}: ${mail.subject} (${mail.deliveryId})\n`,
              ),
          }),
        })
      : undefined
  const dispatchLoop = dispatching?.dispatcher.start(2_000)

  const readModels = await openReadModelReplica(config, store, clock, (reason) =>
    logger.warn({ reason }, 'rebuilding the read models from the log'),
  )
  await readModels.start({ coalesceMs: READ_MODEL_COALESCE_MS })
  const server = await createServer(config, {
    readModels,
    store,
    storeKind,
    clock,
    ledger,
    drafts,
    attachments,
    users,
    logGuard,
    // Unit names the office confirmed in review, for the next import (one file per data dir).
    aliases: fileAliasBook(path.join(config.dataDir, 'unit-aliases.tsv')),
    ...units,
    ...(secrets && { delivery: { secrets, ...(dispatching && { dispatcher: dispatching.dispatcher }) } }),
  })
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'shutting down after an error')
    else server.log.info({ signal }, 'shutting down')
    await server.close()
    await dispatchLoop?.stop()
    await dispatching?.close()
    await sink?.close()
    await readModels.close()
    await logGuard.close()
    await opened.close()
  })
  const address = await server.listen({ port: config.port, host: config.host })
  printWelcome(
    address,
    opened.display,
    standing
      ? `${clock.now().toISOString()} (${standing.reason}${demo ? `, ${DEMO_TODAY_LABEL}` : ''})`
      : undefined,
    demo,
    (id) => units.units.periodAsOf(id, DEMO_TODAY.slice(0, 10))?.name ?? id,
  )
}

/** What the server says when the store has no administrator: the line that makes one. */
function noAdministrator(store: string, dataDir: string): string {
  const relative = path.relative(process.cwd(), dataDir)
  const dir = relative === '' ? '.' : relative.startsWith('..') ? dataDir : relative
  const where = process.env.DUBAN_STORE_URL
    ? '--store-url "$DUBAN_STORE_URL"'
    : `--data-dir ${JSON.stringify(dir)}`
  return [
    `Duban will not start: no administrator account on ${store}.`,
    'Create one (it asks for the password), then start again:',
    `  pnpm --silent duban admin create ${where} --user admin --name 系统管理员`,
  ].join('\n')
}

async function logIsEmpty(file: string): Promise<boolean> {
  if (!existsSync(file)) return true
  const store = openSqliteEventStore({ file })
  try {
    return (await store.headPosition()) === 0
  } finally {
    await store.close()
  }
}

/** The demo's robots answer here (DingTalk and WeCom alike): nothing leaves the machine. */
async function startDemoSink(port: number | undefined): Promise<RobotServer> {
  const onMessage = (m: { kind: string; token: string; title: string; deliveryIds: string[] }) =>
    process.stdout.write(`demo sink ← ${m.kind} robot ${m.token}: ${m.title} (${m.deliveryIds.join(', ')})\n`)
  try {
    return await startRobotServer({ acceptAny: true, ...(port !== undefined && { port }), onMessage })
  } catch {
    return startRobotServer({ acceptAny: true, onMessage })
  }
}

function printWelcome(
  address: string,
  log: string,
  standsAt: string | undefined,
  demo: boolean,
  unitName: (id: string) => string = (id) => id,
): void {
  const lines = [
    '',
    `Duban 督办 is running at ${address}`,
    `  event log: ${log}`,
    standsAt ? `  the ledger's clock stands at ${standsAt}` : '',
    '',
    ...(demo ? demoUserLines(address, unitName) : []),
    'Try next:',
    `  ${address}/docs                 the API, generated from its schemas`,
    `  curl ${address}/health/ready`,
    demo
      ? `  curl -H 'content-type: application/json' -d '{"userId":"ducha","password":"${DEMO_PASSWORD}"}' ${address}/auth/token`
      : `  curl -H 'content-type: application/json' -d '{"userId":"admin","password":"…"}' ${address}/auth/token`,
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

/** The reason the demo's ledger clock records: it marks a ledger as the demo's. */
const DEMO_LEDGER = 'demo ledger'

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

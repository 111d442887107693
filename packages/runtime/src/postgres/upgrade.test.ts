/**
 * Upgrading a PostgreSQL database made by the release before versioned schema migrations: its
 * schema comes from that release's DDL, copied verbatim into `fixtures/release-94d36c2.sql`, and
 * rows are written as that release wrote them. The new start-up (`openPostgresLedger`, what the
 * API runs) must adopt it — keeping every row — and advance the schema version; processes
 * starting together run each migration once.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  type EventMetadata,
  migratePostgres,
  migrationsRun,
  openMemoryEventStore,
  POSTGRES_MIGRATIONS,
  parseStoreUrl,
  SchemaTooNewError,
  type StoredEvent,
  verifyLog,
} from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { fixedClock } from '@duban/ledger'
import { entryArgs } from '@duban/testing'
import pg from 'pg'
import t from 'tap'
import { hashPassword } from '../accounts/passwords'
import { tokenHash } from '../accounts/user-store'
import { openPostgresLedger } from './postgres-ledger'

const PREVIOUS_RELEASE_DDL = readFileSync(new URL('./fixtures/release-94d36c2.sql', import.meta.url), 'utf8')
const START = fileURLToPath(new URL('./fixtures/start-postgres-ledger.ts', import.meta.url))
/** Every table the previous release made: all of them must come through with every row. */
const TABLES = [
  'events',
  'event_commands',
  'event_checkpoints',
  'event_log_anchor',
  'duban_users',
  'duban_sessions',
  'duban_secrets',
  'duban_sign_ins',
  'duban_drafts',
]
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'))
const PASSWORD = 'correct horse battery staple'
const BEARER = 'bearer-token-of-the-previous-release'
const COOKIE = 'cookie-token-of-the-previous-release'

const server = await startTestPostgres()
t.teardown(() => server.stop())

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.end()
  }
}

function metadata(commandId: string): EventMetadata {
  return {
    actor: 'user:ducha',
    unit: 'cq-zhengfubangongting',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2025-11-03T02:00:00.000Z',
  }
}

/** A hash-chained log of single- and multi-event appends, as the store computes it. */
async function previousLog(): Promise<StoredEvent[]> {
  const memory = openMemoryEventStore()
  for (let task = 1; task <= 6; task++) {
    const stream = `task-2022-192sktf.t${task}`
    await memory.append(
      stream,
      [
        {
          type: 'TaskAssigned',
          schemaVersion: 1,
          data: { task, unit: 'cq-shangwuwei' },
          metadata: metadata(`assign-${task}`),
        },
        {
          type: 'TaskAssigned',
          schemaVersion: 1,
          data: { task, unit: 'cq-yuzhong' },
          metadata: metadata(`assign-${task}`),
        },
      ],
      { expectedVersion: 'no_stream' },
    )
    await memory.append(
      stream,
      [
        {
          type: 'ProgressReported',
          schemaVersion: 1,
          data: { task, narrative: '本季度开展承接产业转移活动3场。' },
          metadata: metadata(`report-${task}`),
        },
      ],
      { expectedVersion: 2 },
    )
  }
  const events = await memory.readAllStored({ after: 0, limit: 1000 })
  await memory.close()
  return events
}

/** A database as the previous release left it: its DDL, then rows as its code wrote them. */
async function previousReleaseDatabase(prefix: string): Promise<{ url: string; events: StoredEvent[] }> {
  const url = await server.createDatabase(prefix)
  const events = await previousLog()
  const passwordHash = await hashPassword(PASSWORD)
  await withClient(url, async (client) => {
    await client.query(PREVIOUS_RELEASE_DDL)
    for (const event of events) {
      await client.query(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          event.eventId,
          event.streamId,
          event.streamVersion,
          event.type,
          event.schemaVersion,
          event.dataJson,
          event.metadataJson,
          event.prevHash,
          event.hash,
        ],
      )
    }
    const commands = new Map<string, { streamId: string; first: number; count: number }>()
    for (const event of events) {
      const id = (JSON.parse(event.metadataJson) as EventMetadata).commandId
      const seen = commands.get(id)
      if (seen) seen.count++
      else commands.set(id, { streamId: event.streamId, first: event.streamVersion, count: 1 })
    }
    for (const [id, { streamId, first, count }] of commands)
      await client.query('INSERT INTO event_commands VALUES ($1, $2, $3, $4)', [id, streamId, first, count])
    await client.query("INSERT INTO event_checkpoints VALUES ('scheduler', $1)", [events.length - 2])
    await client.query('INSERT INTO event_log_anchor VALUES (1, $1, $2)', [
      events.length,
      JSON.stringify({ position: events.length, hash: events.at(-1)!.hash }),
    ])
    await client.query(
      `INSERT INTO duban_users VALUES
        ('ducha', '赵敏', 'cq-zhengfubangongting', '["supervision_officer"]', $1),
        ('swz-tianbao', '张晓梅', 'cq-shangwuwei', '["unit_reporter"]', $1)`,
      [passwordHash],
    )
    const expires = Date.parse('2099-01-01T00:00:00Z')
    await client.query(
      `INSERT INTO duban_sessions VALUES ($1, 'ducha', 'bearer', $3), ($2, 'swz-tianbao', 'cookie', $3)`,
      [tokenHash(BEARER), tokenHash(COOKIE), expires],
    )
    await client.query("INSERT INTO duban_secrets VALUES ('csrf', 'secret-of-the-previous-release')")
    await client.query(
      `INSERT INTO duban_sign_ins (user_id, ok, failure, ip, via, at) VALUES
        ('ducha', true, NULL, '127.0.0.1', 'token', '2025-11-03T01:59:00.000Z'),
        ('swz-tianbao', false, 'wrong_password', '127.0.0.1', 'form', '2025-11-03T01:58:00.000Z')`,
    )
    const draft = JSON.stringify({ plan: { title: '推动外贸高质量发展' }, tasks: [] })
    await client.query(
      `INSERT INTO duban_drafts VALUES
        ('draft-open', 3, '一、总体要求', $1, '2025-11-01T00:00:00.000Z', NULL, NULL),
        ('draft-confirmed', 1, '二、重点任务', $1, '2025-11-02T00:00:00.000Z', '2025-11-02T01:00:00.000Z', '{"events":12}')`,
      [draft],
    )
  })
  return { url, events }
}

/** Every row of every table of the previous release, in key order, as text. */
async function rowsOf(url: string): Promise<Record<string, unknown[]>> {
  return withClient(url, async (client) => {
    const dump: Record<string, unknown[]> = {}
    for (const table of TABLES) dump[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1`)).rows
    return dump
  })
}

/** Tables, columns with their types, defaults and nullability, indexes and constraints. */
async function schemaOf(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const columns = await client.query<{ line: string }>(
      `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
              coalesce(column_default, '') AS line
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'duban_migrations'`,
    )
    const indexes = await client.query<{ line: string }>(
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'duban_migrations'`,
    )
    const constraints = await client.query<{ line: string }>(
      `SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) AS line FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conrelid <> 'duban_migrations'::regclass`,
    )
    return [...columns.rows, ...indexes.rows, ...constraints.rows].map((row) => row.line).sort()
  })
}

/** The rows after the migrations: 0003 adds `disabled` to every account, not disabled; nothing else differs. */
const upgraded = (before: Record<string, unknown[]>) => ({
  ...before,
  duban_users: (before.duban_users ?? []).map((row) => ({ ...(row as object), disabled: false })),
})

const schemaVersion = (url: string) =>
  withClient(url, async (client) => (await client.query('SELECT version FROM event_store_schema')).rows)

t.test('given a database made and used by the previous release', async (t) => {
  const { url, events } = await previousReleaseDatabase('upgrade')
  const before = await rowsOf(url)
  t.same(await schemaVersion(url), [{ version: 1 }], 'the previous release recorded schema version 1')
  t.same(await withClient(url, (client) => migrationsRun(client)), [], 'and ran no versioned migration')

  t.test('when the new release starts on it, then every row is kept and the schema advanced', async (t) => {
    const ledger = await openPostgresLedger(parseStoreUrl(url), clock)
    t.teardown(() => ledger.close())

    t.same(
      await rowsOf(url),
      upgraded(before),
      'every row of every table, unchanged (accounts gain disabled: false)',
    )
    t.same(await schemaVersion(url), [{ version: POSTGRES_MIGRATIONS.length }])
    t.ok(POSTGRES_MIGRATIONS.length >= 2)
    t.same(
      await withClient(url, async (client) => migrationsRun(client)),
      POSTGRES_MIGRATIONS,
      'every migration recorded once, in order',
    )

    // …and the new code reads and writes what the old one wrote.
    t.same(
      (await ledger.users.authenticate('ducha', PASSWORD))?.displayName,
      '赵敏',
      'the password still signs in',
    )
    t.same((await ledger.users.sessionUser(BEARER, 'bearer'))?.id, 'ducha', 'a bearer token still works')
    t.same(
      (await ledger.users.sessionUser(COOKIE, 'cookie'))?.id,
      'swz-tianbao',
      'a cookie session still works',
    )
    t.equal(await ledger.users.secret('csrf'), 'secret-of-the-previous-release', 'the CSRF secret kept')
    t.same(
      (await ledger.users.signIns({ limit: 10 })).map((s) => [s.userId, s.ok]),
      [
        ['swz-tianbao', false],
        ['ducha', true],
      ],
    )
    t.match(await ledger.drafts.get('draft-open'), { revision: 3, confirmedAt: null })
    t.match(await ledger.drafts.get('draft-confirmed'), { confirmation: { events: 12 } })
    t.ok(
      await ledger.drafts.update('draft-open', 3, { plan: { title: '改' }, tasks: [] } as never),
      'a draft edits on',
    )

    const verified = await verifyLog(ledger.store)
    t.match(verified, { ok: true, events: events.length, headHash: events.at(-1)!.hash }, 'the log verifies')
    const appended = await ledger.store.append(
      'task-2022-192sktf.t1',
      [
        {
          type: 'ProgressReported',
          schemaVersion: 1,
          data: { task: 1 },
          metadata: metadata('report-after-upgrade'),
        },
      ],
      { expectedVersion: 3 },
    )
    t.equal(appended.events[0]!.position, events.length + 1, 'the log goes on after its last position')
    t.match(await verifyLog(ledger.store), { ok: true, events: events.length + 1 })

    const users = await ledger.users.list()
    t.same(
      users.map((user) => user.id),
      ['ducha', 'swz-tianbao'],
    )
  })

  t.test('when the new release starts again, then nothing runs twice', async (t) => {
    const again = await openPostgresLedger(parseStoreUrl(url), clock)
    await again.close()
    t.same(await withClient(url, (client) => migrationsRun(client)), POSTGRES_MIGRATIONS)
  })
})

t.test('given an empty database, then the migrations make the same schema an upgraded one has', async (t) => {
  const fresh = await server.createDatabase('fresh')
  await (await openPostgresLedger(parseStoreUrl(fresh), clock)).close()
  const { url: upgraded } = await previousReleaseDatabase('upgraded')
  await (await openPostgresLedger(parseStoreUrl(upgraded), clock)).close()
  const schema = await schemaOf(fresh)
  t.ok(schema.some((line) => line.startsWith('duban_drafts.confirmation text')))
  t.same(schema, await schemaOf(upgraded))
})

t.test('given two API processes starting at once on a previous-release database', async (t) => {
  const { url } = await previousReleaseDatabase('concurrent')
  const before = await rowsOf(url)
  const start = () =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [...entryArgs(START), url], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      child.stderr.on('data', (chunk) => (out += chunk))
      child.on('error', reject)
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))))
    })
  const outputs = await Promise.all([start(), start()])
  t.same(outputs, ['started\n', 'started\n'], 'both start')
  const recorded = await withClient(url, async (client) =>
    (await client.query<{ name: string }>('SELECT name FROM duban_migrations ORDER BY id')).rows.map(
      (r) => r.name,
    ),
  )
  t.same(recorded, POSTGRES_MIGRATIONS, 'each migration ran once')
  t.same(await rowsOf(url), upgraded(before))
})

t.test('given connections migrating one empty database at the same moment', async (t) => {
  const url = await server.createDatabase('race')
  const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: url, max: 1 }))
  t.teardown(() => Promise.all(pools.map((pool) => pool.end())))
  const ran = await Promise.all(pools.map((pool) => migratePostgres(pool)))
  t.same(
    ran.filter((names) => names.length > 0),
    [POSTGRES_MIGRATIONS],
    'one ran every migration, under the lock; the others found nothing left to run',
  )
})

t.test(
  'given a database a later release migrated, then start-up refuses it and changes nothing',
  async (t) => {
    const { url } = await previousReleaseDatabase('newer')
    await withClient(url, (client) =>
      client.query('UPDATE event_store_schema SET version = $1', [POSTGRES_MIGRATIONS.length + 1]),
    )
    const before = await rowsOf(url)
    await t.rejects(openPostgresLedger(parseStoreUrl(url), clock), SchemaTooNewError)
    await t.rejects(openPostgresLedger(parseStoreUrl(url), clock), {
      message: `the database's schema is newer than this release knows (schema version ${POSTGRES_MIGRATIONS.length + 1}, this release knows ${POSTGRES_MIGRATIONS.length})`,
    })
    t.same(await rowsOf(url), before)
    t.same(await withClient(url, (client) => migrationsRun(client)), [], 'no migration ran')
  },
)

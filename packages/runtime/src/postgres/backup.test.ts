/**
 * Backup of a live ledger on a real PostgreSQL while writers append, restored into a fresh
 * database: the restored log verifies, holds every append acknowledged before the backup's
 * snapshot, rebuilds every read model equal to the source's at the same point, and keeps the
 * accounts, sessions, drafts and evidence files.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buffer } from 'node:stream/consumers'
import { latestCalendar } from '@duban/calendar'
import { type EventStore, openPostgresEventStore, parseStoreUrl, verifyLog } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { fixedClock } from '@duban/ledger'
import { ReadModels } from '@duban/read-models'
import { writeProvinceLog } from '@duban/read-models/testing'
import Database from 'better-sqlite3'
import pg from 'pg'
import t from 'tap'
import { PostgresUserStore } from '../accounts/postgres-user-store'
import { CHUNK_BYTES, PostgresAttachmentStore } from '../attachments/postgres-attachment-store'
import { PostgresDraftStore } from '../drafts/postgres-draft-store'
import { backupPostgres } from './backup'
import { openPostgresLedger } from './postgres-ledger'
import { RestoreError, restorePostgres } from './restore'

const server = await startTestPostgres()
t.teardown(() => server.stop())
const directory = mkdtempSync(join(tmpdir(), 'duban-backup-'))
t.teardown(() => rmSync(directory, { recursive: true, force: true }))
const clock = fixedClock(new Date('2024-12-31T02:00:00Z'))
const PASSWORD = 'correct horse battery staple'

const ADMIN = {
  id: 'admin',
  displayName: '系统管理员',
  unitId: 'cq-zhengfubangongting',
  roles: ['administrator' as const],
}
const REPORTER = {
  id: 'swz-tianbao',
  displayName: '张晓梅',
  unitId: 'cq-shangwuwei',
  roles: ['unit_reporter' as const],
}

/** The province log's shape, small: about 7,000 events in appends of one stream each. */
const writeLog = (store: EventStore) =>
  writeProvinceLog(store, {
    plans: 4,
    sectionsPerPlan: 2,
    tasksPerSection: 10,
    departments: ['cq-shangwuwei', 'cq-fazhangaigewei', 'cq-jingxinwei', 'cq-caizhengju', 'cq-jiaotongju'],
    coUnitsPerTask: 2,
    districts: [
      'cq-yuzhong',
      'cq-jiangbei',
      'cq-shapingba',
      'cq-jiulongpo',
      'cq-nanan',
      'cq-beibei',
      'cq-yubei',
      'cq-banan',
      'cq-changshou',
      'cq-jiangjin',
    ],
    quarters: 2,
    concurrency: 50,
  })

/**
 * Every table of a read-model file, every row, in a stable order; the runner's bookkeeping
 * without its wall-clock `updated_at` (when a replay ran, not what it built).
 */
function readModelRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
    return Object.fromEntries(
      tables.map((table) => [
        table,
        db
          .prepare(
            table === 'projection_state'
              ? 'SELECT name, version, position FROM projection_state ORDER BY 1'
              : `SELECT * FROM "${table}" ORDER BY 1, 2`,
          )
          .raw()
          .all(),
      ]),
    )
  } finally {
    db.close()
  }
}

/** Read models built from `store`'s log up to `head` (a live log goes on past it). */
async function buildReadModels(store: EventStore, head: number, file: string): Promise<void> {
  const models = new ReadModels({
    file,
    store: {
      readAllStored: async (options) =>
        (await store.readAllStored(options)).filter((e) => e.position <= head),
      headPosition: async () => head,
      subscribe: (...args) => store.subscribe(...args),
      readStream: (...args) => store.readStream(...args),
    },
    workingDays: latestCalendar(),
    today: () => '2024-12-31',
  })
  t.equal(await models.catchUp(), head, 'read models caught up to the backup head')
  await models.close()
}

t.test('given a live ledger on PostgreSQL with accounts, sessions and drafts', async (t) => {
  const sourceUrl = await server.createDatabase('live')
  const source = await openPostgresLedger(parseStoreUrl(sourceUrl), clock)
  t.teardown(() => source.close())
  await source.users.createUser({ ...ADMIN, password: PASSWORD })
  await source.users.createUser({ ...REPORTER, password: PASSWORD })
  const token = await source.users.openSession('swz-tianbao', 'bearer')
  const csrf = await source.users.secret('csrf')
  // An evidence file of six chunks: more than a page of the chunks table.
  const evidence = randomBytes(CHUNK_BYTES * 5 + 77)
  const evidenceHash = createHash('sha256').update(evidence).digest('hex')
  await source.attachments.put(evidenceHash, evidence)
  await source.drafts.create(
    'draft-1',
    '一、总体要求',
    { plan: { title: '推动外贸高质量发展' } } as never,
    new Date(),
  )

  // Writers append through the store; `acked` grows as each append is acknowledged.
  const acked: string[] = []
  const tracked: EventStore = {
    ...source.store,
    append: async (...args) => {
      const result = await source.store.append(...args)
      for (const event of result.events) acked.push(event.eventId)
      return result
    },
  }
  const writing = writeLog(tracked)
  while (acked.length < 1_500) await new Promise((resolve) => setTimeout(resolve, 20))

  // Acknowledged before the backup began: committed before its snapshot, so in the backup. (An
  // append acknowledged by the time onSnapshot runs may have committed after the snapshot: the
  // two answers reach this process in either order.)
  const ackedBeforeBackup = [...acked]
  let ackedBeforeSnapshot: string[] = []
  const file = join(directory, 'live.duban-backup')
  const backup = await backupPostgres(sourceUrl, file, {
    onSnapshot: () => {
      ackedBeforeSnapshot = [...acked]
    },
  })
  const ackedWhileBackingUp = acked.length
  const written = await writing
  t.ok(ackedBeforeBackup.length >= 1_500, 'appends were acknowledged before the backup began')
  t.ok(backup.events < written, `writers went on past the snapshot (${backup.events} of ${written} events)`)
  t.ok(ackedWhileBackingUp > ackedBeforeSnapshot.length, 'and appended while the backup ran')
  t.same(backup.tables['duban_users'], 2)
  t.same(backup.tables['duban_sessions'], 1)
  t.same(backup.tables['duban_drafts'], 1)
  t.same(backup.tables['duban_attachments'], 1)
  t.same(backup.tables['duban_attachment_chunks'], 6)

  t.test('when it is restored into a fresh database', async (t) => {
    const restoredUrl = await server.createDatabase('restored')
    const restored = await restorePostgres(file, restoredUrl)
    t.match(restored, { events: backup.events, headHash: backup.headHash, migrated: [] })

    const store = await openPostgresEventStore({ connectionString: restoredUrl })
    t.teardown(() => store.close())
    t.match(
      await verifyLog(store),
      { ok: true, events: backup.events, headHash: backup.headHash },
      'verify passes',
    )

    const ids = new Set(
      (await store.readAllStored({ after: 0, limit: 100_000 })).map((event) => event.eventId),
    )
    t.same(
      ackedBeforeBackup.filter((id) => !ids.has(id)),
      [],
      'every append acknowledged before the backup began is in the restored log',
    )
    const sourceEvents = await source.store.readAllStored({ after: 0, limit: backup.events })
    t.same(
      await store.readAllStored({ after: 0, limit: 100_000 }),
      sourceEvents,
      "the restored log is the source's, event for event, up to the snapshot",
    )

    const fromSource = join(directory, 'source-models.sqlite')
    const fromRestored = join(directory, 'restored-models.sqlite')
    await buildReadModels(source.store, backup.headPosition, fromSource)
    await buildReadModels(store, backup.headPosition, fromRestored)
    const rows = readModelRows(fromRestored)
    t.ok((rows['rm_assignments'] ?? []).length > 100, 'the read models hold the assignments')
    t.same(rows, readModelRows(fromSource), 'every read model rebuilt equal')

    const pool = new pg.Pool({ connectionString: restoredUrl, max: 2 })
    t.teardown(() => pool.end())
    const users = await PostgresUserStore.open(pool)
    t.same((await users.authenticate('admin', PASSWORD))?.roles, ['administrator'], 'accounts restored')
    t.same((await users.sessionUser(token, 'bearer'))?.id, 'swz-tianbao', 'sessions restored')
    t.equal(await users.secret('csrf'), csrf, 'the CSRF secret restored')
    const drafts = await PostgresDraftStore.open(pool)
    t.match(await drafts.get('draft-1'), { revision: 1, draft: { plan: { title: '推动外贸高质量发展' } } })
    const attachments = await PostgresAttachmentStore.open(pool)
    const stored = await attachments.read(evidenceHash)
    t.ok(stored && (await buffer(stored.stream)).equals(evidence), 'evidence files restored byte for byte')

    // The log goes on where the backup ended.
    const next = await store.append(
      'restored-check',
      [
        {
          type: 'Checked',
          schemaVersion: 1,
          data: {},
          metadata: {
            actor: 'user:ducha',
            unit: null,
            commandId: 'after-restore',
            correlationId: 'after-restore',
            causationId: 'after-restore',
            recordedAt: '2024-12-31T02:00:00.000Z',
          },
        },
      ],
      { expectedVersion: 'no_stream' },
    )
    t.ok(next.events[0]!.position > backup.headPosition, 'appends continue after the restored head')

    t.test('then a second restore into the same, now non-empty, database is refused', async (t) => {
      const before = await store.headPosition()
      await t.rejects(restorePostgres(file, restoredUrl), {
        name: 'RestoreError',
        exitCode: 2,
        message: /not empty/,
      })
      t.equal(await store.headPosition(), before, 'nothing changed')
    })
  })

  t.test('when the file is not a backup, then restore refuses it and writes nothing', async (t) => {
    const url = await server.createDatabase('not_a_backup')
    const notBackup = join(directory, 'not-a-backup.sqlite')
    new Database(notBackup).close()
    await t.rejects(
      restorePostgres(notBackup, url),
      new RestoreError(`${notBackup} is not a Duban PostgreSQL backup`, 2),
    )
    await t.rejects(restorePostgres(join(directory, 'missing'), url), {
      exitCode: 2,
      message: /no such backup file/,
    })
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    t.same(
      (await client.query("SELECT to_regclass('events') AS events")).rows,
      [{ events: null }],
      'no table made',
    )
    await client.end()
  })

  t.test('when the backup file already exists, then backup refuses to overwrite it', async (t) => {
    await t.rejects(backupPostgres(sourceUrl, file), { message: /already exists/ })
  })
})

/**
 * The `duban` commands on a PostgreSQL server (`--store-url` or DUBAN_STORE_URL), as a user runs
 * them, against a real PostgreSQL: the same simulated ledger is copied into a SQLite file and into
 * PostgreSQL, and every command must print on PostgreSQL what it prints on SQLite. Then a confirmed
 * import, a tampered row, and bad or unreachable URLs (exit 2, one line, nothing written).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type EventStore, openPostgresEventStore } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { CHONGQING_2022_EXAMPLE } from '@duban/plan-import'
import { openEmbeddedLedger } from '@duban/runtime'
import { copyLog, simulate } from '@duban/simulation'
import { entryArgs } from '@duban/testing'
import pg from 'pg'
import t from 'tap'
import * as XLSX from 'xlsx'

// Each case starts the CLI as a process; on a busy machine that is slow, and no timing is asserted.
t.setTimeout(600_000)

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const scratch = mkdtempSync(path.join(tmpdir(), 'duban-cli-pg-'))
t.teardown(() => rmSync(scratch, { recursive: true, force: true }))
/** The embedded SQLite copy of the ledger; and the data directory the PostgreSQL runs use. */
const sqliteDir = path.join(scratch, 'sqlite')
const pgDir = path.join(scratch, 'pg')

const run = (env: Record<string, string | undefined>, args: string[], input?: string) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], {
    env: { ...process.env, DUBAN_STORE_URL: undefined, ...env },
    encoding: 'utf8',
    timeout: 300_000,
    ...(input !== undefined && { input }),
  })
/** On the embedded copy, and on PostgreSQL through `--store-url`, each at the ledger's 2023-02-28. */
const onSqlite = (...args: string[]) => run({ DUBAN_DATA_DIR: sqliteDir }, ['--now', '2023-02-28', ...args])
const onPostgres = (url: string, ...args: string[]) =>
  run({ DUBAN_DATA_DIR: pgDir }, ['--now', '2023-02-28', ...args, '--store-url', url])

const server = await startTestPostgres()
t.teardown(() => server.stop())

async function onServer<T>(url: string, use: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openPostgresEventStore({ connectionString: url })
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

// Given one simulated ledger (2022-10-08 → 2023-02-28), in a SQLite file and in PostgreSQL.
const ledgerUrl = await server.createDatabase('cli_ledger')
{
  const { store } = await simulate({ from: '2022-10-08', to: '2023-02-28', seed: 5 })
  const embedded = openEmbeddedLedger({ dataDir: sqliteDir })
  await copyLog(store, embedded.store)
  await embedded.close()
  await onServer(ledgerUrl, (target) => copyLog(store, target))
}

t.test('verify: the PostgreSQL log checks out as the SQLite copy does, to the same head hash', async (t) => {
  const embedded = onSqlite('verify', '--json')
  t.equal(embedded.status, 0, embedded.stderr)
  const onPg = onPostgres(ledgerUrl, 'verify', '--json')
  t.equal(onPg.status, 0, onPg.stderr)
  const [a, b] = [JSON.parse(embedded.stdout), JSON.parse(onPg.stdout)]
  t.ok(b.ok)
  t.ok(b.events > 1000, `then all ${b.events} events were walked`)
  t.same([b.events, b.streams, b.headHash], [a.events, a.streams, a.headHash])
  t.equal(b.anchor, null, 'then no anchor was kept on this server yet')
  t.notMatch(onPg.stdout, /duban-test/, 'then the password is masked')

  const text = run({ DUBAN_DATA_DIR: pgDir, DUBAN_STORE_URL: ledgerUrl }, ['verify'])
  t.equal(text.status, 0, text.stderr)
  t.match(
    text.stdout,
    /verify ok: \d+ events in \d+ streams, hash chain intact\n {2}log: postgres:\/\/postgres:\*\*\*@/,
  )
  t.match(text.stdout, /anchor: none/, 'then DUBAN_STORE_URL names the store as --store-url does')

  const rules = onPostgres(ledgerUrl, 'verify', '--rules')
  t.equal(rules.status, 0, rules.stderr)
  t.match(rules.stdout, /rules: \d+ events checked/)
})

t.test('anchor, then verify against the anchor the server keeps', async (t) => {
  const anchor = onPostgres(ledgerUrl, 'anchor')
  t.equal(anchor.status, 0, anchor.stderr)
  const { position } = JSON.parse(anchor.stdout) as { position: number }
  const file = path.join(scratch, 'anchor.json')
  writeFileSync(file, anchor.stdout)
  const checked = onPostgres(ledgerUrl, 'verify', '--anchor', file)
  t.equal(checked.status, 0, checked.stderr)
  t.match(
    checked.stdout,
    new RegExp(`anchor: position ${position} of ${file.replace(/[/.]/g, '\\$&')} is in the log`),
  )
})

t.test('show: every view on PostgreSQL equals the view on SQLite', async (t) => {
  for (const view of [
    ['unit', '市商务委', '--as-of', '2023-01-31'],
    ['overdue', '--limit', '20'],
    ['inbox', '渝中区'],
    ['history', '2022-192sktf.t1', '--limit', '30'],
  ]) {
    const embedded = onSqlite('show', ...view, '--json')
    t.equal(embedded.status, 0, embedded.stderr)
    const onPg = onPostgres(ledgerUrl, 'show', ...view, '--json')
    t.equal(onPg.status, 0, onPg.stderr)
    t.same(JSON.parse(onPg.stdout), JSON.parse(embedded.stdout), `then show ${view[0]} is the same`)
  }
  const [replica] = readdirSync(path.join(pgDir, 'replicas'))
  t.match(
    replica,
    /^postgres-[0-9a-f]{12}$/,
    'then the replica is kept apart from a server’s readmodels.sqlite',
  )
  t.notOk(existsSync(path.join(pgDir, 'readmodels.sqlite')))
})

t.test('what-if: the same comparison from both stores', async (t) => {
  const embedded = onSqlite('what-if', '--ladder', 'ladder-2026.1', '--json')
  t.equal(embedded.status, 0, embedded.stderr)
  const onPg = onPostgres(ledgerUrl, 'what-if', '--ladder', 'ladder-2026.1', '--json')
  t.equal(onPg.status, 0, onPg.stderr)
  t.same(JSON.parse(onPg.stdout), JSON.parse(embedded.stdout))
})

t.test('export and bulletin: the same 台账 and the same 通报 from both stores', async (t) => {
  const sheets = (file: string) => {
    const book = XLSX.read(readFileSync(file))
    return book.SheetNames.map((name) => [name, XLSX.utils.sheet_to_json(book.Sheets[name]!, { header: 1 })])
  }
  const [a, b] = [path.join(scratch, 'a.xlsx'), path.join(scratch, 'b.xlsx')]
  const exportArgs = ['export', 'ledger', '--as-of', '2023-02-20', '--format', 'xlsx', '--out']
  t.equal(onSqlite(...exportArgs, a).status, 0)
  const exported = onPostgres(ledgerUrl, ...exportArgs, b)
  t.equal(exported.status, 0, exported.stderr)
  t.ok(sheets(b).length > 1)
  t.same(sheets(b), sheets(a), 'then every sheet has the same rows')

  const [ha, hb] = [path.join(scratch, 'a.html'), path.join(scratch, 'b.html')]
  const bulletinArgs = ['bulletin', '--from', '2023-01-01', '--to', '2023-01-31', '--as-of', '2023-02-20']
  t.equal(onSqlite(...bulletinArgs, '--format', 'html', '--out', ha).status, 0)
  const bulletin = onPostgres(ledgerUrl, ...bulletinArgs, '--format', 'html', '--out', hb)
  t.equal(bulletin.status, 0, bulletin.stderr)
  t.match(bulletin.stderr, /\d+ due, \d+ on time, \d+ units ranked, as of 2023-02-20/)
  t.equal(readFileSync(hb, 'utf8'), readFileSync(ha, 'utf8'), 'then the bulletin is the same page')
})

t.test('replay: the local replica rebuilt from the PostgreSQL log', async (t) => {
  const head = await onServer(ledgerUrl, (store) => store.headPosition())
  const replay = onPostgres(ledgerUrl, 'replay')
  t.equal(replay.status, 0, replay.stderr)
  t.match(replay.stdout, new RegExp(`replayed all read models to position ${head} in`))
})

t.test('import --confirm: a plan into an empty PostgreSQL, once', async (t) => {
  const url = await server.createDatabase('cli_import')
  const file = fileURLToPath(CHONGQING_2022_EXAMPLE)
  const first = run({ DUBAN_DATA_DIR: pgDir }, ['import', file, '--confirm', '--store-url', url, '--json'])
  t.equal(first.status, 0, first.stderr)
  const result = JSON.parse(first.stdout) as {
    eventsWritten: number
    plans: { planId: string; tasks: number }[]
  }
  t.same(
    result.plans.map((p) => p.planId),
    ['2022-192sktf', '2022-0bthh4z'],
    'then both plans of the document are confirmed',
  )
  t.ok(result.eventsWritten > 2000, `then ${result.eventsWritten} events were written`)
  const head = await onServer(url, (store) => store.headPosition())
  t.equal(head, result.eventsWritten)
  const again = run({ DUBAN_DATA_DIR: pgDir, DUBAN_STORE_URL: url }, ['import', file, '--confirm'])
  t.equal(again.status, 0, again.stderr)
  t.match(again.stdout, /0 events written \(confirmed before\)/)
  t.equal(
    await onServer(url, (store) => store.headPosition()),
    head,
    'then the second confirmation wrote nothing',
  )
  const actors = await onServer(
    url,
    async (store) => new Set((await store.readAll({ after: 0, limit: 50 })).map((e) => e.metadata.actor)),
  )
  t.same(
    [...actors].map((a) => a.startsWith('cli:')),
    [true],
    'then the events name the operator',
  )

  const dashboard = run({ DUBAN_DATA_DIR: pgDir }, ['show', 'dashboard', '2022-192sktf', '--store-url', url])
  t.equal(dashboard.status, 0, dashboard.stderr)
  t.match(dashboard.stdout, /推动外贸高质量发展/)

  const unknown = path.join(scratch, 'unknown-unit.txt')
  writeFileSync(
    unknown,
    '重庆市人民政府办公厅\n2023年5月20日\n\n重庆市某项行动计划\n(2023—2024年)\n一、工作任务\n1.开展一项工作。(责任单位:市不存在委)\n',
  )
  const refused = run({ DUBAN_DATA_DIR: pgDir }, ['import', unknown, '--confirm', '--store-url', url])
  t.equal(refused.status, 2, refused.stdout)
  t.match(refused.stderr, /^duban: not confirmed: .*市不存在委/)
  t.equal(await onServer(url, (store) => store.headPosition()), head, 'then nothing was written')
})

t.test('a tampered row on the server: verify exits 1 naming it', async (t) => {
  const url = await server.createDatabase('cli_tampered')
  await onServer(url, async (target) => {
    const source = await openPostgresEventStore({ connectionString: ledgerUrl })
    await copyLog(source, target)
    await source.close()
  })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`UPDATE events SET data = '{"tampered":true}' WHERE position = 42`)
  await client.end()
  const tampered = run({ DUBAN_DATA_DIR: pgDir }, ['verify', '--store-url', url])
  t.equal(tampered.status, 1)
  t.match(tampered.stderr, /^duban: verify FAILED: event \S+ at position 42 \(stream [^)]+\): /)
})

t.test('a bad or unreachable store: one line, exit 2, nothing written', async (t) => {
  const fresh = path.join(scratch, 'fresh')
  const missingDatabase = new URL(ledgerUrl)
  missingDatabase.pathname = '/no_such_database'
  const wrongPassword = new URL(ledgerUrl)
  wrongPassword.password = 'not-the-password'
  for (const [url, expected] of [
    ['postgres:/no-host', /store url/],
    ['mysql://db.example/duban', /unknown kind mysql:/],
    [
      `postgres://postgres:secret@127.0.0.1:1/duban`,
      /cannot open source postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/duban: .*ECONNREFUSED/,
    ],
    [missingDatabase.toString(), /database "no_such_database" does not exist/],
    [wrongPassword.toString(), /password authentication failed/],
  ] as const) {
    const result = run({ DUBAN_DATA_DIR: fresh }, ['verify', '--store-url', url])
    t.equal(result.status, 2, `verify ${url}: exit 2`)
    t.match(result.stderr, expected)
    t.equal(result.stderr.trim().split('\n').length, 1, 'then one line')
    t.notMatch(result.stderr, /secret|not-the-password/, 'then no password is shown')
  }
  // Every command opens its store the same way; one unreachable server for each of the others.
  const unreachable = 'postgres://postgres:secret@127.0.0.1:1/duban'
  const plan = fileURLToPath(CHONGQING_2022_EXAMPLE)
  for (const args of [
    ['show', 'overdue'],
    ['what-if', '--ladder', 'recorded'],
    ['replay'],
    ['export', 'ledger', '--out', path.join(fresh, 'x.xlsx')],
    [
      'bulletin',
      '--from',
      '2023-01-01',
      '--to',
      '2023-01-31',
      '--format',
      'html',
      '--out',
      path.join(fresh, 'b.html'),
    ],
    ['import', plan, '--confirm'],
  ]) {
    const result = run({ DUBAN_DATA_DIR: fresh, DUBAN_STORE_URL: unreachable }, args)
    t.equal(result.status, 2, `${args[0]}: exit 2`)
    t.match(
      result.stderr,
      /^duban: cannot open source postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/duban: .*ECONNREFUSED[^\n]*\n$/,
    )
  }
  t.notOk(existsSync(fresh), 'then nothing was written locally')
})

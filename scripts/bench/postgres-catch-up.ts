/**
 * A read-model replica's start-up at province scale: the whole log replayed into every read
 * model from PostgreSQL, beside the same replay from a SQLite log of the same events. Each
 * replica is a process of its own (`catch-up-replica.ts`: time, events/s, its own peak RSS).
 *
 * The log is the province log (`province-log.ts`: the domain's event shapes, valid for the
 * projections), about 1M events for 40 plans, written through the SQLite store. A larger log is
 * that one repeated with its plans renumbered (copy 2 has plans p041–p080, …), the copies
 * interleaved event by event so the log's dates still only move forward, each event given a
 * new id and the whole chain re-hashed. Logs reach PostgreSQL (and the repeated ones SQLite)
 * by multi-row inserts of ready rows, far faster than appends; the unique indexes are built
 * after the load, as a restore would.
 *   BENCH_CATCHUP_EVENTS=1000000,10000000 tsx scripts/bench/main.ts postgres   (the default; 0 skips it)
 *   BENCH_CATCHUP_LOG=file.sqlite   reuse a 40-plan province log written by an earlier run
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import {
  chainHash,
  eventIdFor,
  GENESIS_HASH,
  openPostgresEventStore,
  openSqliteEventStore,
  type StoredEvent,
} from '@duban/eventstore'
import type { startTestPostgres } from '@duban/eventstore/postgres-testing'
import Database from 'better-sqlite3'
import pg from 'pg'
import { writeBenchProvinceLog } from './province-log'
import type { BenchRow } from './report'

const SIZES = (process.env['BENCH_CATCHUP_EVENTS'] ?? '1000000,10000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
const REPLICA = fileURLToPath(new URL('./catch-up-replica.ts', import.meta.url))
/** The province log at its default three quarters: about this many events per 40 plans. */
const EVENTS_PER_40_PLANS = 1_000_000
/** The log a larger one repeats (`BENCH_CATCHUP_BASE` events; smaller only to try the bench out). */
const BASE_EVENTS = Number(process.env['BENCH_CATCHUP_BASE'] ?? 1_000_000)
const BASE_PLANS = Math.max(1, Math.round((40 * BASE_EVENTS) / EVENTS_PER_40_PLANS))
const COPY_BATCH = 5_000

export async function benchCatchUp(
  server: Awaited<ReturnType<typeof startTestPostgres>>,
  directory: string,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const generated = new Set<string>()
  for (const size of SIZES) {
    let started = performance.now()
    const copies = Math.max(1, Math.round(size / BASE_EVENTS))
    const plans = copies > 1 ? BASE_PLANS : Math.max(1, Math.round((40 * size) / EVENTS_PER_40_PLANS))
    const base = join(directory, `province-${plans}.sqlite`)
    const given = process.env['BENCH_CATCHUP_LOG']
    if (given && plans === BASE_PLANS && !generated.has(base)) {
      // A province log of BASE_PLANS plans kept from an earlier run (it takes minutes to write).
      copyFileSync(given, base)
      generated.add(base)
      progress(`took the province log ${given}`)
    }
    if (!generated.has(base)) {
      const store = openSqliteEventStore({ file: base })
      const { events } = await writeBenchProvinceLog(store, { plans })
      await store.close()
      generated.add(base)
      progress(`generated ${events.toLocaleString('en-US')} events into SQLite through the store`, started)
    }
    started = performance.now()
    const file = copies > 1 ? join(directory, `province-${plans}x${copies}.sqlite`) : base
    const url = await server.createDatabase(`bench_catch_up_${plans}x${copies}`)
    const events = await writeCopies(base, copies, plans, url, copies > 1 ? file : undefined)
    progress(
      `wrote ${events.toLocaleString('en-US')} events (${copies} × the log) into PostgreSQL${copies > 1 ? ' and SQLite' : ''}`,
      started,
    )

    const label = `${(events / 1e6).toFixed(1)}M events`
    const fromSqlite = replica(`sqlite:${file}`, directory)
    const fromPostgres = replica(url, directory)
    for (const [from, result] of [
      ['SQLite', fromSqlite],
      ['PostgreSQL', fromPostgres],
    ] as const) {
      if (result.position !== events)
        throw new Error(`${from} replica reached ${result.position} of ${events}`)
      progress(
        `${from} replica: ${result.seconds.toFixed(1)} s, ${Math.round(events / result.seconds)} events/s, peak RSS ${Math.round(result.peakRssMiB)} MiB`,
      )
    }
    const sqliteRate = {
      name: `replica catch-up from SQLite (${label})`,
      median: events / fromSqlite.seconds,
    }
    rows.push(
      { name: sqliteRate.name, median: Math.round(sqliteRate.median), unit: 'events/s', rounds: 1 },
      { name: `  its time (${label})`, median: fromSqlite.seconds, unit: 's', rounds: 1 },
      {
        name: `  its peak RSS (${label})`,
        median: Math.round(fromSqlite.peakRssMiB),
        unit: 'MiB',
        rounds: 1,
      },
      {
        name: `replica catch-up from PostgreSQL (${label})`,
        median: Math.round(events / fromPostgres.seconds),
        unit: 'events/s',
        rounds: 1,
        limit: sqliteRate,
        goal: '≥ 100% of SQLite',
      },
      { name: `  its time (${label})`, median: fromPostgres.seconds, unit: 's', rounds: 1, goal: '< 120 s' },
      {
        name: `  its peak RSS (${label})`,
        median: Math.round(fromPostgres.peakRssMiB),
        unit: 'MiB',
        rounds: 1,
      },
    )
    if (file !== base) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    await dropDatabase(server.url, url)
  }
  return rows
}

function progress(what: string, since?: number): void {
  const took = since === undefined ? '' : ` in ${((performance.now() - since) / 1000).toFixed(0)} s`
  process.stderr.write(`  catch-up: ${what}${took}\n`)
}

/** A fresh replica (empty data directory) caught up from `url`, in its own process. */
function replica(url: string, directory: string): { position: number; seconds: number; peakRssMiB: number } {
  const dataDir = mkdtempSync(join(directory, 'replica-'))
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', REPLICA, url, dataDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    })
    if (run.status !== 0) throw new Error(`replica on ${url} failed: ${run.stderr}`)
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * `copies` × the log in `baseFile`, interleaved and re-hashed (see the header), into the store's
 * own table in PostgreSQL at `url` and, when `sqliteFile` is given, into a SQLite log there.
 * Both tables are made by opening a store on them once. Resolves with the number of events.
 */
async function writeCopies(
  baseFile: string,
  copies: number,
  /** Plans in the base log: copy `c` renumbers them by `c × plans`. */
  plans: number,
  url: string,
  sqliteFile?: string,
): Promise<number> {
  const base = openSqliteEventStore({ file: baseFile })
  await (await openPostgresEventStore({ connectionString: url })).close()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // A bulk load, not a ledger's writes: no flush per batch; the indexes after.
  await client.query('SET synchronous_commit = off')
  await client.query(
    'ALTER TABLE events DROP CONSTRAINT events_event_id_key, DROP CONSTRAINT events_stream_id_stream_version_key',
  )
  let sqlite: Database.Database | undefined
  if (sqliteFile) {
    await openSqliteEventStore({ file: sqliteFile }).close()
    sqlite = new Database(sqliteFile)
    sqlite.pragma('synchronous = OFF')
  }
  const insertSqlite = sqlite?.prepare(
    `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const writeSqlite = sqlite?.transaction((rows: StoredEvent[]) => {
    for (const e of rows)
      insertSqlite!.run(
        e.position,
        e.eventId,
        e.streamId,
        e.streamVersion,
        e.type,
        e.schemaVersion,
        e.dataJson,
        e.metadataJson,
        e.prevHash,
        e.hash,
      )
  })
  let position = 0
  let prevHash = GENESIS_HASH
  let command = ''
  let indexInCommand = 0
  try {
    for (let after = 0; ; ) {
      const batch = await base.readAllStored({ after, limit: COPY_BATCH })
      if (batch.length === 0) break
      after = batch.at(-1)!.position
      const rows: StoredEvent[] = []
      for (const event of batch) {
        const commandId = (JSON.parse(event.metadataJson) as { commandId: string }).commandId
        indexInCommand = commandId === command ? indexInCommand + 1 : 0
        command = commandId
        for (let copy = 0; copy < copies; copy++) {
          const renamed =
            copy === 0 ? (text: string) => text : (text: string) => renumberPlans(text, copy * plans)
          const fields = {
            eventId: copy === 0 ? event.eventId : eventIdFor(renamed(commandId), indexInCommand),
            streamId: renamed(event.streamId),
            streamVersion: event.streamVersion,
            type: event.type,
            schemaVersion: event.schemaVersion,
            dataJson: renamed(event.dataJson),
            metadataJson: renamed(event.metadataJson),
          }
          const hash = chainHash(prevHash, fields)
          rows.push({ ...fields, position: ++position, prevHash, hash })
          prevHash = hash
        }
      }
      await insertPostgres(client, rows)
      writeSqlite?.(rows)
    }
    await client.query("SELECT setval('event_positions', $1)", [position])
    await client.query('ALTER TABLE events ADD UNIQUE (event_id), ADD UNIQUE (stream_id, stream_version)')
    await client.query('VACUUM ANALYZE events')
    return position
  } finally {
    sqlite?.close()
    await client.end()
    await base.close()
  }
}

/** A size's database goes once measured: a 10M-event log is gigabytes. */
async function dropDatabase(serverUrl: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

/** Plan `p001` of copy 3 (of 40 plans each) is `p081`: every id derived from it follows. */
function renumberPlans(text: string, by: number): string {
  return text.replace(/\bp(\d{3})\b/g, (_, n: string) => `p${String(Number(n) + by).padStart(3, '0')}`)
}

async function insertPostgres(client: pg.Client, rows: StoredEvent[]): Promise<void> {
  const column = <K extends keyof StoredEvent>(key: K) => rows.map((event) => event[key])
  await client.query(
    `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])`,
    [
      column('position'),
      column('eventId'),
      column('streamId'),
      column('streamVersion'),
      column('type'),
      column('schemaVersion'),
      column('dataJson'),
      column('metadataJson'),
      column('prevHash'),
      column('hash'),
    ],
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startTestPostgres } = await import('@duban/eventstore/postgres-testing')
  const server = await startTestPostgres({ durable: true })
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-catch-up-'))
  try {
    for (const row of await benchCatchUp(server, directory)) console.log(row)
  } finally {
    await server.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}

/**
 * The PostgreSQL event store on a real, durable PostgreSQL (the test harness's embedded server
 * with fsync and synchronous commit on), each figure beside the raw rate of the same PostgreSQL
 * in the same run: multi-row inserts and single-row commits into the store's own table, and a
 * plain `SELECT` of the log. Then `duban migrate` of a SQLite log into it, verify included.
 *   BENCH_MIGRATE_EVENTS=1000000 tsx scripts/bench/postgres.ts   (province size, ~3 min; 0 skips it)
 * Last, a read-model replica's catch-up from PostgreSQL beside SQLite at 1M and 10M events
 * (`postgres-catch-up.ts`; `BENCH_CATCHUP_EVENTS` sets the sizes).
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { EventMetadata, EventStore, NewEvent } from '@duban/eventstore'
import { openPostgresEventStore, openSqliteEventStore } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import pg from 'pg'
import { benchCatchUp } from './postgres-catch-up'
import { type BenchRow, median } from './report'

const ROUNDS = 3
const BULK_EVENTS_PER_ROUND = 20_000
const SINGLE_COMMITS_PER_ROUND = 500
const CONCURRENT_APPENDS = 2_000
const SEQUENTIAL_APPENDS = 300
const READ_BATCH = 1_000
const MIGRATE_EVENTS = Number(process.env['BENCH_MIGRATE_EVENTS'] ?? 200_000)
const CLI = fileURLToPath(new URL('../../services/cli/src/main.ts', import.meta.url))

export async function benchPostgres(): Promise<BenchRow[]> {
  const server = await startTestPostgres({ durable: true })
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-postgres-'))
  try {
    const storeUrl = await server.createDatabase('bench_store')
    const rawUrl = await server.createDatabase('bench_raw')
    // The raw table is the store's own, created by opening a store on it once.
    await (await openPostgresEventStore({ connectionString: rawUrl })).close()
    const raw = new pg.Client({ connectionString: rawUrl })
    await raw.connect()
    const store = await openPostgresEventStore({ connectionString: storeUrl })
    const rates = {
      raw100: [] as number[],
      rawSingle: [] as number[],
      bulk: [] as number[],
      concurrent: [] as number[],
      sequential: [] as number[],
      rawRead: [] as number[],
      replay: [] as number[],
    }
    // Interleaved rounds, so a burst of noise from other work on the box hits every figure alike.
    for (let round = 0; round < ROUNDS; round++) {
      rates.raw100.push(await rawInsert(raw, round, BULK_EVENTS_PER_ROUND, 100))
      rates.bulk.push(await bulkAppends(store, round))
      rates.rawSingle.push(await rawInsert(raw, round + ROUNDS, SINGLE_COMMITS_PER_ROUND, 1))
      rates.concurrent.push(await concurrentAppends(store, round))
      rates.sequential.push(await sequentialAppends(store, round))
      rates.rawRead.push(await rawRead(raw))
      rates.replay.push(await replay(store))
    }
    await store.close()
    await raw.end()

    const rawBulk = { name: 'PostgreSQL raw: insert, 100 rows/commit', median: median(rates.raw100) }
    const rawSingle = { name: 'PostgreSQL raw: single-row commits', median: median(rates.rawSingle) }
    const rawSelect = { name: 'PostgreSQL raw: SELECT of the log', median: median(rates.rawRead) }
    const row = (name: string, values: number[], unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
      name,
      median: Math.round(median(values)),
      unit,
      rounds: values.length,
      ...extra,
    })
    const rows = [
      row(rawBulk.name, rates.raw100, 'events/s'),
      row('PostgreSQL store: bulk append (100 events/append)', rates.bulk, 'events/s', {
        limit: rawBulk,
        goal: '≥ 50% of raw',
      }),
      row(rawSingle.name, rates.rawSingle, 'commits/s'),
      row(
        `PostgreSQL store: ${CONCURRENT_APPENDS} concurrent single-event appends (group commit)`,
        rates.concurrent,
        'appends/s',
        { limit: rawSingle, goal: 'well above raw single-row commits' },
      ),
      row('PostgreSQL store: sequential single-event appends (each awaited)', rates.sequential, 'appends/s', {
        limit: rawSingle,
        goal: 'near raw single-row commits',
      }),
      row(rawSelect.name, rates.rawRead, 'events/s'),
      row(`PostgreSQL store: replay (readAll, batches of ${READ_BATCH})`, rates.replay, 'events/s', {
        limit: rawSelect,
        goal: '≥ 50% of raw',
      }),
    ]
    if (MIGRATE_EVENTS > 0) rows.push(await migrateRow(server, directory, rawBulk))
    rows.push(...(await benchCatchUp(server, directory)))
    return rows
  } finally {
    await server.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}

/** Event-shaped rows straight into the store's table, `perCommit` per statement: the ceiling. */
async function rawInsert(client: pg.Client, round: number, rows: number, perCommit: number): Promise<number> {
  const metadataJson = JSON.stringify(metadata('raw'))
  const hash = 'f'.repeat(64)
  const started = performance.now()
  for (let done = 0; done < rows; done += perCommit) {
    const ids = Array.from({ length: perCommit }, () => randomUUID())
    await client.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
       SELECT id, 'raw-' || $1 || '-' || ($2::int + n) / 100, ($2::int + n), 'ActualRecorded', 1, $3, $4, $5, $5
       FROM unnest($6::text[]) WITH ORDINALITY AS t(id, n)`,
      [round, done, dataJson(done), metadataJson, hash, ids],
    )
  }
  return rows / ((performance.now() - started) / 1000)
}

/** The whole log by position, in batches, without the store's decoding: what a replay is bounded by. */
async function rawRead(client: pg.Client): Promise<number> {
  const started = performance.now()
  let events = 0
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ position: string }>(
      `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash
       FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, READ_BATCH],
    )
    if (rows.length === 0) break
    events += rows.length
    after = Number(rows.at(-1)!.position)
  }
  return events / ((performance.now() - started) / 1000)
}

async function replay(store: EventStore): Promise<number> {
  const started = performance.now()
  let events = 0
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: READ_BATCH })
    if (batch.length === 0) break
    events += batch.length
    after = batch.at(-1)!.position
  }
  return events / ((performance.now() - started) / 1000)
}

async function bulkAppends(store: EventStore, round: number): Promise<number> {
  const started = performance.now()
  for (let append = 0; append < BULK_EVENTS_PER_ROUND / 100; append++) {
    const commandId = `bulk-${round}-${append}`
    const shared = metadata(commandId)
    const events: NewEvent[] = Array.from({ length: 100 }, (_, i) => ({
      type: 'ActualRecorded',
      schemaVersion: 1,
      data: JSON.parse(dataJson(i)),
      metadata: shared,
    }))
    await store.append(`bulk-${commandId}`, events, { expectedVersion: 'no_stream' })
  }
  return BULK_EVENTS_PER_ROUND / ((performance.now() - started) / 1000)
}

async function concurrentAppends(store: EventStore, round: number): Promise<number> {
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENT_APPENDS }, (_, i) => {
      const commandId = `concurrent-${round}-${i}`
      return store.append(`assignment-${commandId}`, [single(commandId, i)], { expectedVersion: 'no_stream' })
    }),
  )
  return CONCURRENT_APPENDS / ((performance.now() - started) / 1000)
}

async function sequentialAppends(store: EventStore, round: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < SEQUENTIAL_APPENDS; i++) {
    const commandId = `sequential-${round}-${i}`
    await store.append(`report-${commandId}`, [single(commandId, i)], { expectedVersion: 'no_stream' })
  }
  return SEQUENTIAL_APPENDS / ((performance.now() - started) / 1000)
}

/**
 * A province-size SQLite log (single-event commands over 90,000 assignment streams, as the brief's
 * 40 plans × 50 tasks × 45 units), then `duban migrate` into the durable PostgreSQL, verify included.
 */
async function migrateRow(
  server: Awaited<ReturnType<typeof startTestPostgres>>,
  directory: string,
  rawBulk: { name: string; median: number },
): Promise<BenchRow> {
  const file = join(directory, 'province.sqlite')
  const source = openSqliteEventStore({ file })
  const streams = 90_000
  for (let done = 0; done < MIGRATE_EVENTS; done += 1_000) {
    await Promise.all(
      Array.from({ length: Math.min(1_000, MIGRATE_EVENTS - done) }, (_, k) => {
        const i = done + k
        const version = Math.floor(i / streams)
        return source.append(`assignment-${i % streams}`, [single(`province-${i}`, i)], {
          expectedVersion: version === 0 ? 'no_stream' : version,
        })
      }),
    )
  }
  await source.close()
  const target = await server.createDatabase('bench_migrate')
  const started = performance.now()
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', CLI, 'migrate', '--from', `sqlite://${file}`, '--to', target],
    {
      encoding: 'utf8',
    },
  )
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) throw new Error(`duban migrate failed: ${run.stderr}`)
  process.stderr.write(`  migrate of ${MIGRATE_EVENTS} events: ${seconds.toFixed(1)} s\n${run.stdout}`)
  return {
    name: `duban migrate SQLite → PostgreSQL, ${MIGRATE_EVENTS.toLocaleString('en-US')} events, verify included`,
    median: Math.round(MIGRATE_EVENTS / seconds),
    unit: 'events/s',
    rounds: 1,
    limit: rawBulk,
  }
}

function single(commandId: string, i: number): NewEvent {
  return {
    type: 'ActualRecorded',
    schemaVersion: 1,
    data: JSON.parse(dataJson(i)),
    metadata: metadata(commandId),
  }
}

/** A progress report's payload, about the size Duban's events have. */
function dataJson(i: number): string {
  return JSON.stringify({
    indicator: 'foreign-trade-total',
    period: '2023-Q2',
    value: 2500 + i,
    unit: '亿元',
  })
}

function metadata(commandId: string): EventMetadata {
  return {
    actor: 'user:bench',
    unit: 'cq-commerce',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2023-06-30T08:00:00.000Z',
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchPostgres()) console.log(row)
}

/**
 * Event-store throughput, each figure beside the raw better-sqlite3 rate it is bounded by and
 * beside Emmett's SQLite store (@event-driven-io/emmett-sqlite on node-sqlite3, WAL, SQLite's
 * default synchronous=FULL), measured in the same run on temp files. The raw baseline makes its
 * commits durable as the store does (see WalSync): WAL, synchronous=NORMAL and an fdatasync of
 * the WAL on the thread pool after each commit, awaited. So its ratio is the store's own cost:
 * validation, ids, the hash chain, the commands row. SQLite's own synchronous=FULL (an fsync on
 * the committing thread, which also journals the file's modification time) has a row of its own. Three measures against Emmett: batches of
 * 100 events per append, single appends each awaited, and reading the whole log in order. Last,
 * the bytes this process writes to disk (/proc/self/io) for 30,000 events in batches of 100, until
 * the file is closed (WAL and checkpoints): the store against raw with and without the v1 index.
 */
import { randomUUID } from 'node:crypto'
import { closeSync, fdatasync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import type { EventMetadata, EventStore, NewEvent } from '@duban/eventstore'
import { EVENTS_PER_INSERT, openDurableDatabase, openSqliteEventStore } from '@duban/eventstore'
import {
  getSQLiteEventStore,
  readMessagesBatch,
  SQLiteConnectionPool,
  type SQLiteEventStore,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite'
import BetterSqlite3 from 'better-sqlite3'
import { type BenchRow, median } from './report'

const ROUNDS = 5
const BULK_EVENTS_PER_ROUND = 20_000
const SINGLE_COMMITS_PER_ROUND = 1_000
const CONCURRENT_APPENDS = 1_000
const SEQUENTIAL_APPENDS = 500

export async function benchEventStore(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-eventstore-'))
  try {
    const raw = rawInserter(join(directory, 'raw.db'))
    const rawWithIndex = rawInserter(join(directory, 'raw-with-index.db'), { eventIdIndex: true })
    const rawFull = rawInserter(join(directory, 'raw-full.db'), { sqliteFull: true })
    const rawMultiRow = rawInserter(join(directory, 'raw-multi-row.db'), { rowsPerInsert: EVENTS_PER_INSERT })
    const store = openSqliteEventStore({ file: join(directory, 'store.db') })
    const emmettFile = join(directory, 'emmett.db')
    // One connection, as Duban's store has: Emmett's default opens one per operation.
    const emmettPool = SQLiteConnectionPool({ fileName: emmettFile, connectionOptions: { singleton: true } })
    const emmett = getSQLiteEventStore({
      fileName: emmettFile,
      pool: emmettPool,
      schema: { autoMigration: 'CreateOrUpdate' },
    })
    const rates = {
      rawWithIndex100: [] as number[],
      emmettBulk: [] as number[],
      emmettSequential: [] as number[],
      read: [] as number[],
      rawRead: [] as number[],
      emmettRead: [] as number[],
      raw100: [] as number[],
      raw10: [] as number[],
      rawSingle: [] as number[],
      rawSingleFull: [] as number[],
      rawMultiRow100: [] as number[],
      bulk: [] as number[],
      concurrent: [] as number[],
      sequential: [] as number[],
    }
    const checkpoint = walCheckpointer(
      ['raw.db', 'raw-with-index.db', 'raw-full.db', 'raw-multi-row.db', 'store.db'].map((name) =>
        join(directory, name),
      ),
    )
    /** Runs one measure, then copies every file's WAL home outside the timer (see walCheckpointer). */
    const measure = async (values: number[], run: () => number | Promise<number>) => {
      values.push(await run())
      await checkpoint.all()
    }
    // Interleaved rounds, so a burst of noise from other work on the box hits every figure alike.
    for (let round = 0; round < ROUNDS; round++) {
      await measure(rates.raw100, () => raw.insert(BULK_EVENTS_PER_ROUND, 100))
      await measure(rates.bulk, () => bulkAppends(store, round))
      await measure(rates.rawSingle, () => raw.insert(SINGLE_COMMITS_PER_ROUND, 1))
      await measure(rates.raw10, () => raw.insert(SINGLE_COMMITS_PER_ROUND * 10, 10))
      await measure(rates.rawSingleFull, () => rawFull.insert(SINGLE_COMMITS_PER_ROUND / 5, 1))
      await measure(rates.concurrent, () => concurrentAppends(store, round))
      await measure(rates.sequential, () => sequentialAppends(store, round))
      await measure(rates.rawWithIndex100, () => rawWithIndex.insert(BULK_EVENTS_PER_ROUND, 100))
      await measure(rates.rawMultiRow100, () => rawMultiRow.insert(BULK_EVENTS_PER_ROUND, 100))
      // Emmett on node-sqlite3 has failed here with SQLITE_BUSY ("SQL statements in progress") in
      // some runs; a failed measure is reported, not allowed to lose the others.
      rates.emmettBulk.push(await orFailed(() => emmettBulkAppends(emmett, round)))
      rates.emmettSequential.push(await orFailed(() => emmettSequentialAppends(emmett, round)))
    }
    checkpoint.close()
    await store.close()
    raw.close()
    rawWithIndex.close()
    rawFull.close()
    rawMultiRow.close()
    await emmettPool.close()
    const written = await bytesWritten(directory)
    for (let round = 0; round < ROUNDS; round++) {
      rates.read.push(await readWholeLog(join(directory, 'store.db')))
      rates.rawRead.push(rawReadWholeLog(join(directory, 'store.db')))
      rates.emmettRead.push(await orFailed(() => emmettReadWholeLog(emmettFile)))
    }

    const rawBulk = {
      name: 'SQLite raw: insert, 100 rows/commit (no event-id index)',
      median: median(rates.raw100),
    }
    const rawMultiRowBulk = {
      name: `SQLite raw: insert, 100 rows/commit in ${EVENTS_PER_INSERT}-row INSERTs, as the store's`,
      median: median(rates.rawMultiRow100),
    }
    const rawSingle = { name: 'SQLite raw: single-row commits', median: median(rates.rawSingle) }
    const rawWithIndexBulk = {
      name: 'raw with a unique event-id index (schema v1)',
      median: median(rates.rawWithIndex100),
    }
    // Over the rounds Emmett completed (a failed round is NaN); none completed: NaN.
    const completed = (values: number[]) => values.filter(Number.isFinite)
    const emmettMedian = (values: number[]) =>
      completed(values).length ? median(completed(values)) : Number.NaN
    const emmettBulk = {
      name: `Emmett, 100 events/append (${completed(rates.emmettBulk).length}/${ROUNDS} rounds completed)`,
      median: emmettMedian(rates.emmettBulk),
    }
    const emmettSequential = {
      name: `Emmett, sequential appends (${completed(rates.emmettSequential).length}/${ROUNDS} rounds completed)`,
      median: emmettMedian(rates.emmettSequential),
    }
    const rawRead = { name: 'raw SELECT, 1,000/batch', median: median(rates.rawRead) }
    const emmettRead = {
      name: `Emmett readMessagesBatch, 1,000/batch (${completed(rates.emmettRead).length}/${ROUNDS})`,
      median: emmettMedian(rates.emmettRead),
    }
    const row = (name: string, values: number[], unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
      name,
      median: Math.round(median(values)),
      unit,
      rounds: values.length,
      ...extra,
    })
    return [
      row(rawBulk.name, rates.raw100, 'events/s'),
      row('SQLite store: bulk append (100 events/append)', rates.bulk, 'events/s', {
        limit: rawBulk,
        goal: '≥ 70% of raw without the event-id index',
      }),
      row(rawMultiRowBulk.name, rates.rawMultiRow100, 'events/s', { limit: rawBulk }),
      row('SQLite store: bulk append vs raw in multi-row INSERTs', rates.bulk, 'events/s', {
        limit: rawMultiRowBulk,
      }),
      row(rawSingle.name, rates.rawSingle, 'commits/s'),
      row('SQLite raw: insert, 10 rows/commit', rates.raw10, 'events/s'),
      row(
        "SQLite raw: single-row commits, SQLite's synchronous=FULL (fsync)",
        rates.rawSingleFull,
        'commits/s',
        {
          limit: rawSingle,
        },
      ),
      row(
        `SQLite store: ${CONCURRENT_APPENDS} concurrent single-event appends (group commit)`,
        rates.concurrent,
        'appends/s',
        {
          limit: rawSingle,
          goal: 'well above raw single-row commits',
        },
      ),
      row('SQLite store: sequential single-event appends (each awaited)', rates.sequential, 'appends/s', {
        limit: rawSingle,
        goal: 'near raw single-row commits',
      }),
      row(
        'SQLite raw: insert with a unique index on event ids, as schema v1 had (100 rows/commit)',
        rates.rawWithIndex100,
        'events/s',
        { limit: rawBulk },
      ),
      row('SQLite store: bulk append vs raw with the v1 event-id index', rates.bulk, 'events/s', {
        limit: rawWithIndexBulk,
      }),
      row('SQLite store: bulk append vs Emmett', rates.bulk, 'events/s', {
        limit: emmettBulk,
        goal: '> 100%',
      }),
      row('SQLite store: sequential appends vs Emmett', rates.sequential, 'appends/s', {
        limit: emmettSequential,
        goal: '> 100%',
      }),
      row('SQLite store: readAll, whole log, 1,000/batch', rates.read, 'events/s', { limit: rawRead }),
      row('SQLite store: readAll vs Emmett', rates.read, 'events/s', { limit: emmettRead, goal: '> 100%' }),
      ...(written
        ? [
            {
              name: `bytes written for ${WRITTEN_EVENTS.toLocaleString('en-US')} events, 100/commit: raw with the v1 event-id index`,
              median: written.rawWithIndex / 2 ** 20,
              unit: 'MiB',
              rounds: 1,
            },
            {
              name: `bytes written: raw without the index`,
              median: written.raw / 2 ** 20,
              unit: 'MiB',
              rounds: 1,
            },
            {
              name: `bytes written: SQLite store`,
              median: written.store / 2 ** 20,
              unit: 'MiB',
              rounds: 1,
              limit: { name: 'MiB raw without the index', median: written.raw / 2 ** 20 },
            },
          ]
        : []),
    ]
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

const WRITTEN_EVENTS = 30_000

/** Bytes this process has written to storage so far; undefined where /proc does not say. */
function writeBytes(): number | undefined {
  try {
    const match = /write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/**
 * The bytes written to disk for WRITTEN_EVENTS events in commits of 100, each on a fresh file,
 * from the first commit to the file's close (which checkpoints the WAL home): the store, raw
 * rows, and raw rows with schema v1's unique index on random event ids.
 */
async function bytesWritten(
  directory: string,
): Promise<{ store: number; raw: number; rawWithIndex: number } | undefined> {
  if (writeBytes() === undefined) return undefined
  const measure = async (write: () => Promise<void>) => {
    const before = writeBytes()!
    await write()
    return writeBytes()! - before
  }
  const raw = await measure(async () => {
    const inserter = rawInserter(join(directory, 'bytes-raw.db'))
    await inserter.insert(WRITTEN_EVENTS, 100)
    inserter.close()
  })
  const rawWithIndex = await measure(async () => {
    const inserter = rawInserter(join(directory, 'bytes-raw-index.db'), { eventIdIndex: true })
    await inserter.insert(WRITTEN_EVENTS, 100)
    inserter.close()
  })
  const store = await measure(async () => {
    const opened = openSqliteEventStore({ file: join(directory, 'bytes-store.db') })
    for (let round = 0; round * BULK_EVENTS_PER_ROUND < WRITTEN_EVENTS; round++) {
      // bulkAppends writes BULK_EVENTS_PER_ROUND; these rounds are numbered apart from the timed ones.
      await bulkAppends(
        opened,
        1_000 + round,
        Math.min(BULK_EVENTS_PER_ROUND, WRITTEN_EVENTS - round * BULK_EVENTS_PER_ROUND),
      )
    }
    await opened.close()
  })
  return { store, raw, rawWithIndex }
}

/**
 * Inserts event-shaped rows straight into the store's schema: the ceiling for the store. The rows
 * carry the bytes a store append writes: a v4 UUID where the store derives a v5 one, the payload
 * serialised per row and the metadata once per commit (as the store does per append), metadata
 * and stream ids shaped like the bulk appends', and 64-hex hashes. What the store adds beyond
 * this is its own work: deriving ids, hashing the chain, one `commands` row per append. The raw
 * connection checkpoints the WAL inline, as SQLite does by default; the store on a thread of its
 * own. Rows go in one INSERT each, the plain way; with `rowsPerInsert`, in multi-row INSERTs as the
 * store's (EVENTS_PER_INSERT). With `eventIdIndex`, the table as schema v1 had it, with a unique
 * index on event ids (same durability): what dropping that index bought. With `sqliteFull`,
 * SQLite syncs each commit itself (synchronous=FULL) instead of the fdatasync after it.
 */
function rawInserter(file: string, { eventIdIndex = false, sqliteFull = false, rowsPerInsert = 1 } = {}) {
  const db = eventIdIndex ? databaseWithEventIdIndex(file) : openDurableDatabase(file)
  if (!sqliteFull) db.pragma('synchronous = NORMAL')
  let walFd: number | undefined
  // Opened after the first commit has created the WAL, as WalSync does.
  const syncWal = () => {
    walFd ??= openSync(`${file}-wal`, 'r')
    return syncFile(walFd)
  }
  const insertRows = (count: number) =>
    db.prepare(
      `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
       VALUES ${Array(count).fill("(?, ?, ?, ?, 'ActualRecorded', 1, ?, ?, ?, ?)").join(', ')}`,
    )
  const insert = insertRows(rowsPerInsert)
  const insertOne = insertRows(1)
  const hash = 'f'.repeat(64)
  let position = 0
  let commits = 0
  const commit = db.transaction((rows: number) => {
    const commandId = `bulk-${++commits}`
    const streamId = `bulk-${commandId}`
    const metadataJson = JSON.stringify(metadata(commandId))
    const columns: unknown[] = []
    for (let i = 0; i < rows; i++) {
      position += 1
      columns.push(
        position,
        randomUUID(),
        streamId,
        i + 1,
        JSON.stringify(payload(i)),
        metadataJson,
        hash,
        hash,
      )
      if (columns.length === rowsPerInsert * 8) {
        insert.run(columns)
        columns.length = 0
      }
    }
    for (let at = 0; at < columns.length; at += 8) insertOne.run(columns.slice(at, at + 8))
  })
  return {
    /** Inserts `rows` rows in commits of `perCommit`, each durable before the next; returns rows per second. */
    async insert(rows: number, perCommit: number): Promise<number> {
      const started = performance.now()
      for (let done = 0; done < rows; done += perCommit) {
        commit.immediate(perCommit)
        if (!sqliteFull) await syncWal()
      }
      return rows / ((performance.now() - started) / 1000)
    },
    close: () => {
      if (walFd !== undefined) closeSync(walFd)
      db.close()
    },
  }
}

/** `fs.fdatasync` on libuv's thread pool, awaited: how the store's WalSync syncs. */
const syncFile = promisify(fdatasync)

/**
 * Copies each file's WAL into its database file, between measures and outside their timers. The
 * store checkpoints on a thread of its own and the raw connections inline, when their WAL passes
 * its bound: either may leave pages behind at the end of a measure, and copying them must not
 * fall into the next measure (the store's background checkpoint slowing a raw measure, or the
 * other way round).
 */
function walCheckpointer(files: string[]) {
  const connections = files.map((file) => new BetterSqlite3(file))
  return {
    async all(): Promise<void> {
      for (const db of connections) {
        for (;;) {
          // PASSIVE: busy when the store's own thread is checkpointing; then wait and look again.
          const [result] = db.pragma('wal_checkpoint(PASSIVE)') as {
            busy: number
            log: number
            checkpointed: number
          }[]
          if (result && result.busy === 0 && result.checkpointed === result.log) break
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      }
    },
    close: () => {
      for (const db of connections) db.close()
    },
  }
}

async function orFailed(measure: () => Promise<number>): Promise<number> {
  try {
    return await measure()
  } catch (error) {
    process.stderr.write(
      `  Emmett measure failed: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return Number.NaN
  }
}

function databaseWithEventIdIndex(file: string) {
  const db = new BetterSqlite3(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('cache_size = -65536')
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
    data TEXT NOT NULL, metadata TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    UNIQUE (stream_id, stream_version))`)
  return db
}

async function emmettBulkAppends(store: SQLiteEventStore, round: number): Promise<number> {
  const started = performance.now()
  for (let append = 0; append < BULK_EVENTS_PER_ROUND / 100; append++) {
    const commandId = `bulk-${round}-${append}`
    const events = Array.from({ length: 100 }, (_, i) => ({
      type: 'ActualRecorded',
      data: payload(i),
      metadata: metadata(commandId),
    }))
    await store.appendToStream(`bulk-${commandId}`, events)
  }
  return BULK_EVENTS_PER_ROUND / ((performance.now() - started) / 1000)
}

async function emmettSequentialAppends(store: SQLiteEventStore, round: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < SEQUENTIAL_APPENDS; i++) {
    const commandId = `sequential-${round}-${i}`
    await store.appendToStream(`report-${commandId}`, [
      {
        type: 'ActualRecorded',
        data: payload(i),
        metadata: metadata(commandId),
      },
    ])
  }
  return SEQUENTIAL_APPENDS / ((performance.now() - started) / 1000)
}

/** The whole log through the store's readAll, 1,000 events a batch; events per second. */
async function readWholeLog(file: string): Promise<number> {
  const store = openSqliteEventStore({ file })
  const started = performance.now()
  let after = 0
  let read = 0
  for (;;) {
    const batch = await store.readAll({ after, limit: 1000 })
    if (batch.length === 0) break
    read += batch.length
    after = batch.at(-1)!.position
  }
  const rate = read / ((performance.now() - started) / 1000)
  await store.close()
  return rate
}

/** The same rows by a plain SELECT, 1,000 a batch, JSON decoded: the ceiling for reading. */
function rawReadWholeLog(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true })
  const select = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 1000')
  const started = performance.now()
  let after = 0
  let read = 0
  for (;;) {
    const rows = select.all(after) as { position: number; data: string; metadata: string }[]
    if (rows.length === 0) break
    for (const row of rows) {
      JSON.parse(row.data)
      JSON.parse(row.metadata)
    }
    read += rows.length
    after = rows.at(-1)!.position
  }
  db.close()
  return read / ((performance.now() - started) / 1000)
}

async function emmettReadWholeLog(file: string): Promise<number> {
  const connection = sqliteConnection({ fileName: file })
  const started = performance.now()
  let after = 0n
  let read = 0
  for (;;) {
    const batch = await readMessagesBatch(connection, { after, batchSize: 1000 })
    if (batch.messages.length === 0) break
    read += batch.messages.length
    after = batch.currentGlobalPosition
    if (!batch.areEventsLeft) break
  }
  connection.close()
  return read / ((performance.now() - started) / 1000)
}

async function bulkAppends(
  store: EventStore,
  round: number,
  events = BULK_EVENTS_PER_ROUND,
): Promise<number> {
  const started = performance.now()
  for (let append = 0; append < events / 100; append++) {
    const commandId = `bulk-${round}-${append}`
    const shared = metadata(commandId)
    const batch: NewEvent[] = Array.from({ length: 100 }, (_, i) => ({
      type: 'ActualRecorded',
      schemaVersion: 1,
      data: payload(i),
      metadata: shared,
    }))
    await store.append(`bulk-${commandId}`, batch, { expectedVersion: 'no_stream' })
  }
  return events / ((performance.now() - started) / 1000)
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

function single(commandId: string, i: number): NewEvent {
  return {
    type: 'ActualRecorded',
    schemaVersion: 1,
    data: payload(i),
    metadata: metadata(commandId),
  }
}

/**
 * A progress report's payload, about the size Duban's events have. Built as an object on both
 * sides: the raw inserter serialises it, the stores are handed it and serialise it themselves.
 */
function payload(i: number) {
  return { indicator: 'foreign-trade-total', period: '2023-Q2', value: 2500 + i, unit: '亿元' }
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
  for (const row of await benchEventStore()) console.log(row)
}

/**
 * Projection replay: 1M synthetic events in a SQLite event store, replayed through the
 * projection runner into a temporal read model. The replay rate stands beside the rate at
 * which the same store's `readAllStored` (what the runner reads) alone delivers the log,
 * measured in the same run: a replay can be no faster than its read.
 *   BENCH_PROJECTION_EVENTS=200000 tsx scripts/bench/projections.ts   (a quicker run)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { EventMetadata, EventStore, NewEvent } from '@duban/eventstore'
import { openSqliteEventStore } from '@duban/eventstore'
import { ProjectionRunner, positionAtEndOfDay } from '@duban/projections'
import { streamVersions, streamVersionsTable, syntheticTypes } from '@duban/projections/testing'
import { type BenchRow, median } from './report'

const EVENTS = Number(process.env['BENCH_PROJECTION_EVENTS'] ?? 1_000_000)
const EVENTS_PER_APPEND = 50
const APPENDS_PER_COMMIT = 40
const STREAMS = 20_000
const ROUNDS = 3
// The runner's default batch: the ceiling reads the log as the replay does.
const BATCH_SIZE = 1_000
const QUERIES = 200
// Five years of recording time, like the province-scale log of the brief.
const LOG_START = Date.parse('2022-09-20T00:00:00Z')
const LOG_SPAN = 5 * 365 * 24 * 3_600_000

export async function benchProjections(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-projections-'))
  try {
    const store = openSqliteEventStore({ file: join(directory, 'log.db') })
    await generate(store)
    const rates = { read: [] as number[], replay: [] as number[], rss: [] as number[] }
    let asOf = { entity: [] as number[], view: [] as number[] }
    for (let round = 0; round < ROUNDS; round++) {
      rates.read.push(await readRate(store))
      const file = join(directory, `model-${round}.db`)
      const replay = await replayRate(store, file)
      rates.replay.push(replay.rate)
      rates.rss.push(replay.peakRss)
      if (round === 0) asOf = asOfLatencies(file, store)
    }
    await store.close()

    const read = { name: 'store readAllStored alone (1,000/batch)', median: Math.round(median(rates.read)) }
    const row = (name: string, values: number[], unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
      name,
      median: Math.round(median(values) * 100) / 100,
      unit,
      rounds: values.length,
      ...extra,
    })
    return [
      row(read.name, rates.read, 'events/s'),
      row(
        `projections: replay ${EVENTS.toLocaleString('en-US')} events into a temporal read model`,
        rates.replay,
        'events/s',
        {
          limit: read,
          goal: '≥ 100,000 events/s',
        },
      ),
      row('projections: peak RSS during replay', rates.rss, 'MiB', { goal: 'bounded: flat in log size' }),
      row(`projections: as-of one entity (date → position → row)`, asOf.entity, 'ms', { goal: '< 1 ms' }),
      row(`projections: as-of whole view (${STREAMS.toLocaleString('en-US')} entities)`, asOf.view, 'ms', {
        goal: '< 500 ms',
      }),
    ]
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/** Appends the log through the store's group commit: 40 appends of 50 events per commit. */
async function generate(store: EventStore): Promise<void> {
  const appends = EVENTS / EVENTS_PER_APPEND
  for (let first = 0; first < appends; first += APPENDS_PER_COMMIT) {
    const pending: Promise<unknown>[] = []
    for (let append = first; append < Math.min(first + APPENDS_PER_COMMIT, appends); append++) {
      const metadata = metadataOf(append, appends)
      const events: NewEvent[] = Array.from({ length: EVENTS_PER_APPEND }, (_, i) => ({
        type: syntheticTypes[(append + i) % syntheticTypes.length]!,
        schemaVersion: 1,
        data: { indicator: 'foreign-trade-total', period: '2023-Q2', value: 2500 + i, unit: '亿元' },
        metadata,
      }))
      // Streams are revisited across the log, so the read model keeps many versions per entity.
      pending.push(store.append(`item-${(append * 7919) % STREAMS}`, events, { expectedVersion: 'any' }))
    }
    await Promise.all(pending)
  }
}

function metadataOf(append: number, appends: number): EventMetadata {
  const commandId = `bench-${append}`
  return {
    actor: 'user:bench',
    unit: 'cq-commerce',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: new Date(LOG_START + Math.floor((append / appends) * LOG_SPAN)).toISOString(),
  }
}

async function readRate(store: EventStore): Promise<number> {
  const started = performance.now()
  let after = 0
  for (;;) {
    const batch = await store.readAllStored({ after, limit: BATCH_SIZE })
    const last = batch.at(-1)
    if (!last) break
    after = last.position
  }
  return EVENTS / ((performance.now() - started) / 1000)
}

/** Replays the whole log into a fresh file; RSS is sampled after every batch and on a timer. */
async function replayRate(store: EventStore, file: string): Promise<{ rate: number; peakRss: number }> {
  let peak = process.memoryUsage().rss
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  const timer = setInterval(sample, 25)
  const runner = ProjectionRunner.open(file, { store, projections: [streamVersions] })
  const started = performance.now()
  await runner.catchUp({ onProgress: sample })
  const seconds = (performance.now() - started) / 1000
  clearInterval(timer)
  await runner.close()
  return { rate: EVENTS / seconds, peakRss: peak / 2 ** 20 }
}

/** Random business dates over the log's span: date → position, then the read model as of it. */
function asOfLatencies(file: string, store: EventStore): { entity: number[]; view: number[] } {
  const runner = ProjectionRunner.open(file, { store, projections: [streamVersions] })
  const entity: number[] = []
  const view: number[] = []
  for (let query = 0; query < QUERIES; query++) {
    const day = new Date(LOG_START + ((query * 7907) % QUERIES) * (LOG_SPAN / QUERIES))
      .toISOString()
      .slice(0, 10)
    let started = performance.now()
    const position = positionAtEndOfDay(runner.db, day)
    streamVersionsTable.asOf(runner.db, position, { stream_id: `item-${(query * 31) % STREAMS}` })
    entity.push(performance.now() - started)
    if (query % 20 === 0) {
      started = performance.now()
      streamVersionsTable.asOf(runner.db, position)
      view.push(performance.now() - started)
    }
  }
  runner.db.close()
  return { entity, view }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchProjections()) console.log(row)
}

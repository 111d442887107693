/**
 * The domain's read models at province size: a generated log of ≥ 1M events (40 plans × 50
 * tasks × 45 units = 90,000 assignments, reported quarter by quarter), replayed into every read
 * model; then one district government's accountability view (its 2,000 assignments) as of
 * dates across the log.
 *   BENCH_READ_MODEL_QUARTERS=1 tsx scripts/bench/read-models.ts   (a quicker, smaller run)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { latestCalendar } from '@duban/calendar'
import { type EventStore, openSqliteEventStore } from '@duban/eventstore'
import { ReadModels } from '@duban/read-models'
import { writeBenchProvinceLog } from './province-log'
import { type BenchRow, median } from './report'

const ROUNDS = 2
// The runner's default batch: the ceilings read the log as the replay does.
const BATCH_SIZE = 1_000
const AS_OF_DATES = ['2023-01-31', '2023-04-30', '2023-07-31', '2023-10-31', '2024-01-31', '2099-12-31']

export async function benchReadModels(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-read-models-'))
  try {
    const store = openSqliteEventStore({ file: join(directory, 'log.db') })
    const generated = performance.now()
    const { events, districts } = await writeBenchProvinceLog(store)
    const generateSeconds = (performance.now() - generated) / 1000
    process.stderr.write(
      `  generated ${events.toLocaleString('en-US')} events in ${generateSeconds.toFixed(0)} s\n`,
    )

    const rates = {
      read: [] as number[],
      stored: [] as number[],
      replay: [] as number[],
      rss: [] as number[],
    }
    let asOf: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      rates.read.push(await readRate(events, (after) => store.readAll({ after, limit: BATCH_SIZE })))
      rates.stored.push(await readRate(events, (after) => store.readAllStored({ after, limit: BATCH_SIZE })))
      const file = join(directory, `read-models-${round}.db`)
      const replay = await replayRate(store, file, events)
      rates.replay.push(replay.rate)
      rates.rss.push(replay.peakRss)
      if (round === 0) asOf = await asOfLatencies(store, file, districts[0]!)
    }
    await store.close()
    const label = events.toLocaleString('en-US')
    // The runner reads the stored text and decodes as it dispatches: its ceiling is readAllStored.
    const read = { name: 'store readAllStored alone', median: Math.round(median(rates.stored)) }
    const row = (name: string, values: number[], unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
      name,
      median: Math.round(median(values) * 100) / 100,
      unit,
      rounds: values.length,
      ...extra,
    })
    return [
      row(`read models: store readAll alone, decoded (${label} events)`, rates.read, 'events/s'),
      row(`read models: store readAllStored alone (${label} events)`, rates.stored, 'events/s'),
      row(`read models: replay ${label} events into every read model`, rates.replay, 'events/s', {
        limit: read,
        goal: '≥ 100,000 events/s',
      }),
      row('read models: peak RSS during replay', rates.rss, 'MiB', { goal: 'flat in log size' }),
      row(`read models: one district's unit view as of a date (${label} events)`, asOf, 'ms', {
        goal: '< 1,000 ms',
      }),
    ]
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

async function readRate(
  events: number,
  read: (after: number) => Promise<{ position: number }[]>,
): Promise<number> {
  const started = performance.now()
  for (let after = 0; ; ) {
    const batch = await read(after)
    const last = batch.at(-1)
    if (!last) break
    after = last.position
  }
  return events / ((performance.now() - started) / 1000)
}

async function replayRate(store: EventStore, file: string, events: number) {
  let peak = process.memoryUsage().rss
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  const timer = setInterval(sample, 25)
  const models = openModels(store, file)
  const started = performance.now()
  await models.catchUp({ onProgress: sample })
  const seconds = (performance.now() - started) / 1000
  clearInterval(timer)
  await models.close()
  return { rate: events / seconds, peakRss: peak / 2 ** 20 }
}

async function asOfLatencies(store: EventStore, file: string, unitId: string): Promise<number[]> {
  const models = openModels(store, file)
  const latencies: number[] = []
  for (const date of AS_OF_DATES) {
    const started = performance.now()
    const view = await models.unitView(unitId, { asOf: date === '2099-12-31' ? undefined : date, limit: 50 })
    latencies.push(performance.now() - started)
    if (view.summary.assignments === 0 && date > '2023') throw new Error(`empty unit view as of ${date}`)
  }
  await models.close()
  return latencies
}

const openModels = (store: EventStore, file: string) =>
  new ReadModels({
    file,
    store,
    workingDays: latestCalendar(),
    today: () => '2024-12-31',
  })

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchReadModels()) console.log(row)
}

/**
 * The whole 2022-10 → 2024-12 simulation of both example plans (every task × bound unit): the
 * production scheduler, deciders and `handleCommand` on a simulated clock, into the in-memory
 * store. Beside it, in the same run, the floor: appending the very same log, already decided,
 * into a fresh in-memory store (hashing and validation only). Then copying it into a durable
 * SQLite file, as `pnpm start` does for the demo.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openMemoryEventStore, openSqliteEventStore } from '@duban/eventstore'
import { copyLog, simulate } from '@duban/simulation'
import { type BenchRow, median } from './report'

const ROUNDS = 3

export async function benchSimulation(): Promise<BenchRow[]> {
  const seconds: number[] = []
  const rates: number[] = []
  const floors: number[] = []
  const durable: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now()
    const { summary, store } = await simulate({ from: '2022-10-01', to: '2024-12-31', seed: round + 1 })
    const elapsed = (performance.now() - started) / 1000
    seconds.push(elapsed)
    rates.push(summary.events / elapsed)

    const copyStarted = performance.now()
    const target = openMemoryEventStore()
    await copyLog(store, target)
    floors.push(summary.events / ((performance.now() - copyStarted) / 1000))
    await target.close()

    if (round === 0) {
      const dir = mkdtempSync(join(tmpdir(), 'duban-bench-simulation-'))
      try {
        const sqlite = openSqliteEventStore({ file: join(dir, 'demo.sqlite') })
        const sqliteStarted = performance.now()
        await copyLog(store, sqlite)
        durable.push(summary.events / ((performance.now() - sqliteStarted) / 1000))
        await sqlite.close()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
    await store.close()
  }
  const floor = { name: 'events/s appending the same log, already decided', median: median(floors) }
  return [
    {
      name: 'simulate 2022-10-01 → 2024-12-31, both example plans (~2,150 assignments)',
      median: median(seconds),
      unit: 's',
      rounds: ROUNDS,
      goal: '< 15 s',
    },
    {
      name: 'simulation: events decided and appended per second',
      median: median(rates),
      unit: 'events/s',
      rounds: ROUNDS,
      limit: floor,
    },
    {
      name: 'simulated log copied into SQLite (durable, group commit per 5,000)',
      median: median(durable),
      unit: 'events/s',
      rounds: 1,
    },
  ]
}

/**
 * The demo ledger of `pnpm start`, filled once into an empty data directory: a simulated
 * ledger, mid-plan. The two example Chongqing plans are imported from their text and confirmed,
 * then lived day by day from 2022-10-01 to the demo's "today" on a simulated clock — the
 * production scheduler sending reminders, notices and escalations, seeded simulated units and
 * office reporting, reviewing, answering — and the whole log is copied into the SQLite file.
 * A newcomer finds accepted and returned reports, overdue obligations, open notices and red
 * lights with their reasons. The ledger's clock then stands still at DEMO_TODAY.
 * The log is built beside its place and moved in only when complete (`buildLogAside`): a seed
 * interrupted half-way leaves no half-built ledger to serve, and the next start builds it again.
 */
import { buildLogAside } from '@duban/eventstore'
import type { DistrictsAsOf } from '@duban/ledger'
import { copyLog, simulate } from '@duban/simulation'

/** 2023-11-15 10:00 in Asia/Shanghai: the middle of the 2022—2024 example plans. */
export const DEMO_TODAY = '2023-11-15T02:00:00.000Z'

/** The behaviour model's seed: the same demo ledger on every machine. */
export const DEMO_SEED = 2023

/** Fills the SQLite log `file` with the demo ledger unless it has events; returns the events written. */
export async function seedDemoLog(file: string, districtsAsOf: DistrictsAsOf): Promise<number> {
  const written = await buildLogAside(file, async (target) => {
    const { store } = await simulate({
      from: '2022-10-01',
      to: DEMO_TODAY.slice(0, 10),
      until: new Date(DEMO_TODAY),
      seed: DEMO_SEED,
      districtsAsOf,
    })
    try {
      return await copyLog(store, target)
    } finally {
      await store.close()
    }
  })
  return written ?? 0
}

/**
 * The demo ledger of `pnpm start`: filled once into an empty data directory.
 * Its clock stands still at DEMO_TODAY so a newcomer sees the plan as of that day.
 */
import type { LedgerDeps } from '@duban/ledger'

/** 2023-11-15 10:00 in Asia/Shanghai: the middle of the 2022—2024 example plans. */
export const DEMO_TODAY = '2023-11-15T02:00:00.000Z'

export async function seedDemoLedger(ledger: LedgerDeps): Promise<void> {
  if ((await ledger.store.headPosition()) > 0) return
}

/**
 * The demo ledger of `pnpm start`, filled once into an empty data directory: the two example
 * Chongqing plans, imported from their text and confirmed through the same path the
 * supervision office uses. The ledger's clock then stands at DEMO_TODAY, mid-plan.
 */
import { readFileSync } from 'node:fs'
import { confirmPlans, fixedClock, type LedgerDeps } from '@duban/ledger'
import { CHONGQING_2022_EXAMPLE, importPlans } from '@duban/plan-import'
import { isWorkingDay } from './working-days'

/** 2023-11-15 10:00 in Asia/Shanghai: the middle of the 2022—2024 example plans. */
export const DEMO_TODAY = '2023-11-15T02:00:00.000Z'

/** When the demo's supervision office confirmed the plans: the first working day after National Day 2022. */
const CONFIRMED_AT = '2022-10-08T02:00:00.000Z'

export const DEMO_OFFICE = { userId: 'demo-ducha', unitId: null, roles: ['supervision_office' as const] }

export async function seedDemoLedger(
  ledger: LedgerDeps,
  districtUnitIds: readonly string[],
): Promise<number> {
  if ((await ledger.store.headPosition()) > 0) return 0
  const draft = importPlans(readFileSync(CHONGQING_2022_EXAMPLE, 'utf8'))
  const result = await confirmPlans(
    { ...ledger, clock: fixedClock(CONFIRMED_AT) },
    {
      plans: draft.plans,
      districtUnitIds,
      actor: DEMO_OFFICE,
      confirmationId: 'demo-confirmation',
      isWorkingDay,
    },
  )
  return result.eventsWritten
}

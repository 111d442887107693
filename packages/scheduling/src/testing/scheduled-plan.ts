/**
 * The common start of the scheduler's tests: the small plan on a fresh SQLite ledger with one
 * scheduler and its due index, all closed and removed when the test ends.
 */
import { join } from 'node:path'
import type { ReportingCadence } from '@duban/domain'
import type { UnitsOverTime } from '@duban/ledger'
import { openScheduler } from '../open'
import { days, morningOf, openLedger, seedSmallPlan, tempDir } from './small-plan'

interface Teardown {
  teardown(fn: () => unknown): void
}

export async function givenScheduledPlan(
  t: Teardown,
  plan: { assignedOn: string; units: string[]; reporting?: ReportingCadence; unitsOverTime?: UnitsOverTime },
) {
  const tmp = tempDir()
  t.teardown(tmp.cleanup)
  const { ledger, clock } = openLedger(join(tmp.dir, 'log.sqlite'))
  t.teardown(() => ledger.store.close())
  await seedSmallPlan(ledger, plan)
  const { scheduler, runner } = openScheduler({
    ledger,
    indexFile: join(tmp.dir, 'index.sqlite'),
    units: plan.unitsOverTime,
  })
  t.teardown(() => runner.close())
  /** Runs the scheduler at 08:00 every day from `from` to `to`, inclusive; the runs' results. */
  async function runMornings(from: string, to: string) {
    const runs = []
    for (const day of days(from, to)) {
      clock.advanceTo(morningOf(day))
      runs.push(await scheduler.runOnce())
    }
    return runs
  }
  return { dir: tmp.dir, ledger, clock, scheduler, runner, runMornings }
}

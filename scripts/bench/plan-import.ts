import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { importPlans } from '@duban/plan-import'
import { type BenchRow, median } from './report'

const EXAMPLE = new URL(
  '../../packages/plan-import/fixtures/chongqing-2022-foreign-trade-and-investment.txt',
  import.meta.url,
)

/** Parsing the example document (two plans, 48 items with units): median of many parses. */
export async function benchPlanImport(): Promise<BenchRow[]> {
  const text = readFileSync(EXAMPLE, 'utf8')
  // Warm-up: the first parse also loads and validates the unit directory.
  for (let i = 0; i < 20; i++) importPlans(text)
  const rounds = 200
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    importPlans(text)
    times.push(performance.now() - start)
  }
  return [
    {
      name: 'plan import: parse the example document',
      median: median(times),
      unit: 'ms',
      rounds,
      goal: '< 50 ms',
    },
  ]
}

/**
 * The 台账 export at province size: the generated log of ≥ 1M events (40 plans × 50 tasks × 45
 * units = 90,000 assignments) replayed into the read models, then the whole ledger written as
 * one .xlsx — a sheet per plan, one row per task × unit, streamed — and one plan alone. Time,
 * rows per second and the peak RSS while exporting: the province and the single plan should
 * need about the same memory, since rows are read one plan at a time and streamed out.
 *   BENCH_READ_MODEL_QUARTERS=1 tsx scripts/bench/ledger-export.ts   (a quicker, smaller run)
 *   NODE_OPTIONS=--expose-gc pnpm bench ledger-export             (baselines taken after a full GC)
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { finished } from 'node:stream/promises'
import { latestCalendar } from '@duban/calendar'
import { openSqliteEventStore } from '@duban/eventstore'
import { ReadModels } from '@duban/read-models'
import { exportLedgerXlsx } from '@duban/reporting'
import { writeBenchProvinceLog } from './province-log'
import type { BenchRow } from './report'

const TODAY = '2023-09-30'

export async function benchLedgerExport(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-ledger-export-'))
  try {
    const store = openSqliteEventStore({ file: join(directory, 'log.db') })
    const { events, units } = await writeBenchProvinceLog(store)
    const models = new ReadModels({
      file: join(directory, 'read-models.db'),
      store,
      workingDays: latestCalendar(),
      today: () => TODAY,
    })
    await models.catchUp()
    const label = events.toLocaleString('en-US')
    process.stderr.write(`  ${label} events replayed; exporting …\n`)
    const at = await models.asOf(undefined)
    const plans = models.periodFacts(at).plans()
    const exportOnce = async (planId: string | undefined, file: string) => {
      globalThis.gc?.()
      const before = process.memoryUsage().rss
      let peak = before
      let heapPeak = process.memoryUsage().heapUsed
      const timer = setInterval(() => {
        const usage = process.memoryUsage()
        peak = Math.max(peak, usage.rss)
        heapPeak = Math.max(heapPeak, usage.heapUsed)
      }, 10)
      const started = performance.now()
      const out = createWriteStream(file)
      const sheets = await exportLedgerXlsx(
        models.periodFacts(at),
        {
          ...(planId ? { planId } : {}),
          asOf: { position: at.position, date: at.date },
          unitName: (unitId) => units.periodAsOf(unitId, at.date)?.name ?? unitId,
        },
        out,
      )
      await finished(out)
      const seconds = (performance.now() - started) / 1000
      clearInterval(timer)
      peak = Math.max(peak, process.memoryUsage().rss)
      const rows = sheets.slice(0, -2).reduce((sum, s) => sum + s.rows, 0)
      globalThis.gc?.()
      return {
        seconds,
        rows,
        peakMiB: peak / 2 ** 20,
        growthMiB: (peak - before) / 2 ** 20,
        heapPeakMiB: heapPeak / 2 ** 20,
        heapAfterMiB: process.memoryUsage().heapUsed / 2 ** 20,
        bytes: statSync(file).size,
      }
    }
    const one = await exportOnce(plans[0]?.planId, join(directory, 'one-plan.xlsx'))
    const all = await exportOnce(undefined, join(directory, 'province.xlsx'))
    await models.close()
    await store.close()
    const row = (name: string, value: number, unit: string, goal?: string): BenchRow => ({
      name,
      median: Math.round(value * 100) / 100,
      unit,
      rounds: 1,
      ...(goal ? { goal } : {}),
    })
    return [
      row(
        `台账 export: ${all.rows.toLocaleString('en-US')} rows, ${plans.length} plans (${label} events)`,
        all.seconds,
        's',
      ),
      row('台账 export: rows per second (province)', all.rows / all.seconds, 'rows/s'),
      row(`台账 export: file size (province)`, all.bytes / 2 ** 20, 'MiB'),
      row('台账 export: peak RSS, province', all.peakMiB, 'MiB', 'about the one-plan figure'),
      row('台账 export: RSS growth while exporting, province', all.growthMiB, 'MiB', 'bounded'),
      row('台账 export: peak JS heap used, province', all.heapPeakMiB, 'MiB'),
      row(
        '台账 export: JS heap after the export (after GC), province',
        all.heapAfterMiB,
        'MiB',
        'nothing kept',
      ),
      row(`台账 export: peak RSS, one plan (${one.rows.toLocaleString('en-US')} rows)`, one.peakMiB, 'MiB'),
      row('台账 export: RSS growth while exporting, one plan', one.growthMiB, 'MiB'),
      row('台账 export: peak JS heap used, one plan', one.heapPeakMiB, 'MiB'),
    ]
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchLedgerExport()) console.log(row)
}

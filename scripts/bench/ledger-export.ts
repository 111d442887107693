/**
 * The 台账 export at province size: the generated log of ≥ 1M events (40 plans × 50 tasks × 45
 * units = 90,000 assignments) replayed into the read models, then the whole ledger written as
 * one .xlsx — a sheet per plan, one row per task × unit, streamed — and one plan alone. Time,
 * rows per second and the peak RSS while exporting: the province and the single plan should
 * need about the same memory, since rows are read task by task and streamed out. The JS heap and
 * RSS are also shown by tenth of the rows written (the highest value seen in each tenth): flat
 * from the first tenth to the last is what bounded memory looks like.
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
    const exportOnce = async (planId: string | undefined, file: string, expectedRows = 0) => {
      globalThis.gc?.()
      const before = process.memoryUsage().rss
      let peak = before
      let heapPeak = process.memoryUsage().heapUsed
      // Memory samples against the rows written so far (every 10 ms and at every row mark).
      let rowsSoFar = 0
      const samples: { rows: number; heap: number; rss: number }[] = []
      const live: { rows: number; heapMiB: number }[] = []
      const sample = () => {
        const usage = process.memoryUsage()
        peak = Math.max(peak, usage.rss)
        heapPeak = Math.max(heapPeak, usage.heapUsed)
        samples.push({ rows: rowsSoFar, heap: usage.heapUsed, rss: usage.rss })
      }
      const timer = setInterval(sample, 10)
      const started = performance.now()
      const out = createWriteStream(file)
      const sheets = await exportLedgerXlsx(
        models.periodFacts(at),
        {
          ...(planId ? { planId } : {}),
          asOf: { position: at.position, date: at.date },
          unitName: (unitId) => units.periodAsOf(unitId, at.date)?.name ?? unitId,
          onRows: (rows) => {
            rowsSoFar = rows
            sample()
            // With --expose-gc, the live heap (after a full GC) as each tenth of the rows is passed.
            if (globalThis.gc && expectedRows > 0 && rows >= (expectedRows * (live.length + 1)) / 10) {
              globalThis.gc()
              live.push({ rows, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 })
            }
          },
        },
        out,
      )
      await finished(out)
      const seconds = (performance.now() - started) / 1000
      clearInterval(timer)
      peak = Math.max(peak, process.memoryUsage().rss)
      const rows = sheets.slice(0, -2).reduce((sum, s) => sum + s.rows, 0)
      // The highest heap and RSS seen while writing each tenth of the plan rows.
      const tenths = Array.from({ length: 10 }, (_, i) => {
        const inTenth = samples.filter((x) => x.rows > (rows * i) / 10 && x.rows <= (rows * (i + 1)) / 10)
        return {
          upTo: Math.round((rows * (i + 1)) / 10),
          heapMiB: Math.max(0, ...inTenth.map((x) => x.heap)) / 2 ** 20,
          rssMiB: Math.max(0, ...inTenth.map((x) => x.rss)) / 2 ** 20,
        }
      })
      globalThis.gc?.()
      return {
        seconds,
        rows,
        peakMiB: peak / 2 ** 20,
        growthMiB: (peak - before) / 2 ** 20,
        heapPeakMiB: heapPeak / 2 ** 20,
        heapAfterMiB: process.memoryUsage().heapUsed / 2 ** 20,
        bytes: statSync(file).size,
        tenths,
        live,
      }
    }
    const one = await exportOnce(plans[0]?.planId, join(directory, 'one-plan.xlsx'))
    const all = await exportOnce(undefined, join(directory, 'province.xlsx'), one.rows * plans.length)
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
      ...all.tenths.flatMap((tenth, i) => [
        row(
          `台账 export: JS heap used (highest) by row ${tenth.upTo.toLocaleString('en-US')} (${i + 1}/10), province`,
          tenth.heapMiB,
          'MiB',
          i === 9 ? 'about the first tenth' : undefined,
        ),
        row(
          `台账 export: RSS (highest) by row ${tenth.upTo.toLocaleString('en-US')} (${i + 1}/10), province`,
          tenth.rssMiB,
          'MiB',
        ),
      ]),
      ...all.live.map((mark, i) =>
        row(
          `台账 export: live JS heap (after full GC) at row ${mark.rows.toLocaleString('en-US')}, province`,
          mark.heapMiB,
          'MiB',
          i === all.live.length - 1 ? 'about the first mark (flat with rows)' : undefined,
        ),
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

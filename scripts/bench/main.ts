/**
 * `pnpm bench`: every benchmark in one run, printed as one table with the machine noted.
 * Each figure is a median over rounds and stands beside the limit it is measured against,
 * measured in the same run; the ratio is what to compare across machines.
 *   pnpm bench [name…]     run only the named suites (eventstore, commands, plan-import, projections, read-models, ledger-export, simulation, postgres, delivery, http, soak, pages, uploads)
 */
import os from 'node:os'
import Table from 'cli-table3'
import { benchCommands } from './commands'
import { benchDelivery } from './delivery'
import { benchEventStore } from './eventstore'
import { benchHttp } from './http'
import { benchLedgerExport } from './ledger-export'
import { benchPages } from './pages'
import { benchPlanImport } from './plan-import'
import { benchPostgres } from './postgres'
import { benchProjections } from './projections'
import { benchReadModels } from './read-models'
import type { BenchRow } from './report'
import { benchSimulation } from './simulation'
import { benchSoak } from './soak'
import { benchUploads } from './uploads'

const suites: Record<string, () => Promise<BenchRow[]>> = {
  eventstore: benchEventStore,
  commands: benchCommands,
  'plan-import': benchPlanImport,
  projections: benchProjections,
  'read-models': benchReadModels,
  'ledger-export': benchLedgerExport,
  simulation: benchSimulation,
  postgres: benchPostgres,
  delivery: benchDelivery,
  http: benchHttp,
  soak: benchSoak,
  pages: benchPages,
  uploads: benchUploads,
}

const format = (value: number) =>
  value >= 100
    ? Math.round(value).toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumSignificantDigits: 3 })

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((name) => !(name in suites))
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`,
    )
    process.exit(2)
  }
  const table = new Table({
    head: ['benchmark', 'median', 'unit', 'rounds', 'limit (same run)', 'ratio', 'goal'],
    style: { head: [], border: [] },
  })
  for (const [name, run] of Object.entries(suites)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue
    process.stderr.write(`running ${name} …\n`)
    for (const row of await run()) {
      const ratio = row.limit ? `${((row.median / row.limit.median) * 100).toFixed(0)}%` : ''
      const limit = row.limit ? `${format(row.limit.median)} ${row.limit.name}` : ''
      table.push([row.name, format(row.median), row.unit, row.rounds, limit, ratio, row.goal ?? ''])
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  process.stdout.write(
    `Duban benchmarks — ${new Date().toISOString()}\n` +
      `machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `${os.platform()} ${os.release()}, Node ${process.version}\n` +
      `${table.toString()}\n`,
  )
}

await main()

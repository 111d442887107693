import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { importPlans } from '@duban/plan-import'
import { importOptionsFor, loadCorpus, scoreDocument } from '@duban/plan-import/corpus'
import Table from 'cli-table3'
import { type BenchRow, median } from './report'

const EXAMPLE = new URL(
  '../../packages/plan-import/fixtures/chongqing-2022-foreign-trade-and-investment.txt',
  import.meta.url,
)

function timeParse(parse: () => unknown, rounds: number): number[] {
  for (let i = 0; i < Math.min(20, rounds); i++) parse()
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    parse()
    times.push(performance.now() - start)
  }
  return times
}

const pct = (n: number, of: number) => (of === 0 ? '—' : `${n}/${of} (${((n / of) * 100).toFixed(0)}%)`)

/**
 * The corpus of real documents scored against their hand-written expectations (printed as a
 * table per document), then parse times: the example, and a 100-page document made of the
 * corpus repeated (a page holds about 800 characters).
 */
export async function benchPlanImport(): Promise<BenchRow[]> {
  const corpus = loadCorpus()
  const table = new Table({
    head: [
      'document',
      'level',
      'year',
      'items found/expected',
      'extra',
      'leads exact',
      'co-units exact',
      'districts',
      'deadlines',
      'targets',
      'period',
      'parse ms',
    ],
    style: { head: [], border: [] },
  })
  const totals = {
    expected: 0,
    found: 0,
    extra: 0,
    leads: 0,
    co: 0,
    districts: 0,
    dl: 0,
    dlOf: 0,
    tg: 0,
    tgOf: 0,
    period: 0,
  }
  for (const doc of corpus) {
    const options = importOptionsFor(doc.expected)
    const score = scoreDocument(importPlans(doc.text, options), doc.expected)
    const ms = median(timeParse(() => importPlans(doc.text, options), 50))
    totals.expected += score.expected
    totals.found += score.found
    totals.extra += score.extra
    totals.leads += score.leadsExact
    totals.co += score.coExact
    totals.districts += score.districtsExact
    totals.dl += score.deadlines.exact
    totals.dlOf += score.deadlines.expected
    totals.tg += score.targets.found
    totals.tgOf += score.targets.expected
    totals.period += score.periodExact ? 1 : 0
    table.push([
      doc.id,
      doc.expected.source.level,
      doc.expected.source.year,
      `${score.found}/${score.expected}`,
      score.extra,
      `${score.leadsExact}/${score.expected}`,
      `${score.coExact}/${score.expected}`,
      `${score.districtsExact}/${score.expected}`,
      `${score.deadlines.exact}/${score.deadlines.expected}`,
      `${score.targets.found}/${score.targets.expected}`,
      score.periodExact ? 'yes' : 'no',
      ms.toFixed(2),
    ])
  }
  table.push([
    `corpus: ${corpus.length} documents`,
    '',
    '',
    pct(totals.found, totals.expected),
    totals.extra,
    pct(totals.leads, totals.expected),
    pct(totals.co, totals.expected),
    pct(totals.districts, totals.expected),
    pct(totals.dl, totals.dlOf),
    pct(totals.tg, totals.tgOf),
    `${totals.period}/${corpus.length}`,
    '',
  ])
  process.stdout.write(`Plan import corpus (pnpm bench plan-import)\n${table.toString()}\n`)

  const example = readFileSync(EXAMPLE, 'utf8')
  const exampleTimes = timeParse(() => importPlans(example), 200)
  // 100 pages: the corpus documents' bodies one after another under one title, ~80,000 characters.
  const bodies = corpus.map((doc) => doc.text).join('\n')
  let long = '某市重点工作任务分工方案\n'
  while (long.length < 80_000) long += `${bodies}\n`
  const longTimes = timeParse(() => importPlans(long), 10)
  return [
    {
      name: 'plan import: parse the example document',
      median: median(exampleTimes),
      unit: 'ms',
      rounds: 200,
      goal: '< 50 ms',
    },
    {
      name: `plan import: parse a 100-page document (${long.length.toLocaleString('en-US')} chars)`,
      median: median(longTimes),
      unit: 'ms',
      rounds: 10,
      goal: '< 1000 ms',
    },
  ]
}

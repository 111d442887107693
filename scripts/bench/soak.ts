/**
 * `pnpm bench soak`: a bounded soak. Duban runs as a real process on the demo ledger while
 * mixed traffic comes over real HTTP — the unit view, the overdue board, /health and durable
 * progress reports, 10 connections — for BENCH_SOAK_SECONDS (default 180), in slices of
 * BENCH_SOAK_SLICE_SECONDS (default 15). After each slice the server's RSS (from /proc) and the
 * slice's p99 are sampled and printed as a table over time. Then the server is stopped and
 * `duban verify` (the CLI, as a process) walks the log. The soak fails loudly — the bench exits
 * non-zero — when verify fails, when any answer is a 5xx other than a load-shedding 503, or
 * when RSS grows without bound: the last sample more than BENCH_SOAK_MAX_RSS_GROWTH (default
 * 0.5, i.e. 50%) above the first sample after warm-up (the first quarter of the run) while
 * still rising over the second half.
 * The ledger lives in $TMPDIR/duban-bench-soak, seeded once with the demo and reused.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ApiProcess } from '@duban/api/testing/api-process'
import autocannon from 'autocannon'
import Table from 'cli-table3'
import { type BenchRow, median } from './report'
import { rssGrowth } from './rss-growth'

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180)
const SLICE_SECONDS = Number(process.env.BENCH_SOAK_SLICE_SECONDS ?? 15)
const MAX_RSS_GROWTH = Number(process.env.BENCH_SOAK_MAX_RSS_GROWTH ?? 0.5)
const DATA_DIR = join(tmpdir(), 'duban-bench-soak')
const UNIT = 'cq-shangwuwei'
const PASSWORD = 'duban-demo-2023'
const CLI = fileURLToPath(new URL('../../services/cli/src/main.ts', import.meta.url))

export interface SoakSample {
  elapsedSeconds: number
  requestsPerSecond: number
  /** Answers 2xx/3xx per second: what was served, not refused. */
  servedPerSecond: number
  p99Ms: number
  rssMiB: number
  /** Answers that were 5xx but not 503 (load shedding). */
  serverErrors: number
  shed: number
  timeouts: number
}

export async function benchSoak(): Promise<BenchRow[]> {
  const duban = new ApiProcess({ DUBAN_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' }, ['--demo'])
  const samples: SoakSample[] = []
  try {
    const url = await duban.url
    await settled(url)
    const office = await signIn(url, 'ducha')
    const reporter = await signIn(url, 'swz-tianbao')
    const unitView = await (
      await fetch(`${url}/views/units/${UNIT}`, { headers: { authorization: `Bearer ${office}` } })
    ).text()
    const taskIds = [...new Set([...unitView.matchAll(/"taskId":"([^"]+)"/g)].map((m) => m[1]!))]
    if (taskIds.length === 0) throw new Error(`the unit view of ${UNIT} lists no tasks`)

    let reportNo = 0
    let nextTask = 0
    const mix: autocannon.Request[] = [
      { method: 'GET', path: `/views/units/${UNIT}`, headers: { authorization: `Bearer ${office}` } },
      { method: 'GET', path: '/views/overdue', headers: { authorization: `Bearer ${office}` } },
      { method: 'GET', path: '/health' },
      {
        method: 'POST',
        headers: { authorization: `Bearer ${reporter}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          path: `/tasks/${taskIds[nextTask++ % taskIds.length]}/assignments/${UNIT}/reports`,
          body: JSON.stringify({
            reportId: `soak-${process.pid}-${++reportNo}`,
            narrative: '本季度推进情况良好,按计划完成。',
          }),
        }),
      },
    ]
    const slices = Math.max(1, Math.round(SECONDS / SLICE_SECONDS))
    process.stderr.write(`  soak: ${slices} slices of ${SLICE_SECONDS} s against ${url}\n`)
    for (let slice = 1; slice <= slices; slice++) {
      const result = await autocannon({ url, connections: 10, duration: SLICE_SECONDS, requests: mix })
      const statuses = result.statusCodeStats ?? {}
      const count = (predicate: (status: number) => boolean) =>
        Object.entries(statuses)
          .filter(([status]) => predicate(Number(status)))
          .reduce((sum, [, stats]) => sum + (stats.count ?? 0), 0)
      samples.push({
        elapsedSeconds: slice * SLICE_SECONDS,
        requestsPerSecond: result.requests.total / result.duration,
        servedPerSecond: (result['2xx'] + result['3xx']) / result.duration,
        p99Ms: result.latency.p99,
        rssMiB: rssMiB(duban.pid),
        serverErrors: count((status) => status >= 500 && status !== 503),
        shed: count((status) => status === 503),
        timeouts: result.timeouts,
      })
    }
  } finally {
    duban.kill('SIGTERM')
    await duban.exited
  }
  printSamples(samples)

  const verified = await verifyLog()
  const growth = rssGrowth(samples, MAX_RSS_GROWTH)
  const serverErrors = samples.reduce((sum, sample) => sum + sample.serverErrors, 0)
  const failures = [
    ...(verified.ok ? [] : [`duban verify failed: ${verified.output}`]),
    ...(growth.unbounded
      ? [
          `RSS grew without bound: ${growth.fromMiB} MiB after warm-up → ${growth.toMiB} MiB at the end, still rising`,
        ]
      : []),
    ...(serverErrors > 0 ? [`${serverErrors} answers were 5xx (not load shedding)`] : []),
  ]
  if (failures.length > 0) throw new Error(`soak FAILED:\n- ${failures.join('\n- ')}`)

  const rounds = samples.length
  return [
    {
      name: `soak: mixed reads and writes served (2xx/3xx), 10 conns, ${SECONDS} s`,
      median: Math.round(median(samples.map((s) => s.servedPerSecond))),
      unit: 'req/s',
      rounds,
    },
    { name: 'soak: p99 per slice', median: median(samples.map((s) => s.p99Ms)), unit: 'ms', rounds },
    {
      name: 'soak: answers refused with 503 (load shedding), all slices',
      median: samples.reduce((sum, s) => sum + s.shed, 0),
      unit: 'responses',
      rounds,
    },
    {
      name: `soak: RSS, after warm-up → end (${growth.fromMiB} → ${growth.toMiB} MiB)`,
      median: growth.toMiB,
      unit: 'MiB',
      rounds,
      goal: `≤ ${Math.round((1 + MAX_RSS_GROWTH) * 100)}% of after warm-up, or not rising`,
    },
    { name: `soak: then duban verify (${verified.summary})`, median: 0, unit: 'failures', rounds: 1 },
  ]
}

function printSamples(samples: readonly SoakSample[]): void {
  const table = new Table({
    head: ['elapsed', 'answers/s', 'served (2xx/3xx)/s', 'p99 ms', 'RSS MiB', '5xx', '503 shed', 'timeouts'],
    style: { head: [], border: [] },
  })
  for (const sample of samples) {
    table.push([
      `${sample.elapsedSeconds} s`,
      Math.round(sample.requestsPerSecond),
      Math.round(sample.servedPerSecond),
      sample.p99Ms,
      sample.rssMiB,
      sample.serverErrors,
      sample.shed,
      sample.timeouts,
    ])
  }
  process.stdout.write(`soak over time\n${table.toString()}\n`)
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN)
  return Math.round(kib / 1024)
}

/** `duban verify` on the soaked log, as an operator runs it. */
function verifyLog(): Promise<{ ok: boolean; output: string; summary: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'verify'], {
      env: { ...process.env, DUBAN_DATA_DIR: DATA_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('exit', (code) => {
      const summary = /verify ok: ([^\n]+)/.exec(output)?.[1] ?? output.trim().split('\n').at(-1) ?? ''
      resolve({ ok: code === 0, output: output.trim(), summary })
    })
  })
}

/** Waits until the server has walked its chain (a start's background work). */
async function settled(base: string): Promise<void> {
  for (let tries = 0; tries < 240; tries++) {
    const health = (await (await fetch(`${base}/health`)).json()) as { log?: { integrity: string } }
    if (health.log?.integrity !== 'checking') return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

async function signIn(base: string, userId: string): Promise<string> {
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: PASSWORD }),
  })
  if (response.status !== 201) throw new Error(`sign-in as ${userId}: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

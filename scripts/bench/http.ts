/**
 * `pnpm bench http`: Duban's HTTP paths beside a bare fastify, both real processes on this
 * machine, measured by autocannon in the same run, rounds interleaved so noise hits both alike.
 * - the unit view of 市商务委 and the overdue board (default page) against the bare server
 *   sending the same bytes, at 10 connections (req/s and p99);
 * - the unit view beside the bare server serializing the same object afresh on each request;
 * - the unit view compressed (Accept-Encoding: br; compressed once per log position), beside it;
 * - the signed-in user (/auth/me) against a bare hello behind one token compare;
 * - /health against a bare liveness answer;
 * - durable progress reports over HTTP (10 connections, spread over the unit's assignments)
 *   against a bare echo, and against the same appends made on the store directly: on a fresh
 *   log, and on a copy of the demo ledger the server holds (its 58k events, its indexes' depth);
 * - 200 connections on the unit view: how many answered 503 (shed), none timing out, and
 *   /health's p99 meanwhile;
 * - 200 connections posting reports without If-Match: none may answer 409 (they asked for no
 *   version), and none 5xx.
 * The demo ledger is built once into $TMPDIR/duban-bench-http-seed and copied afresh for each
 * run: the reports a run appends do not lengthen the streams the next run measures on.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ApiProcess } from '@duban/api/testing/api-process'
import { AssignmentCommand, assignmentStreamId, domainEvents } from '@duban/domain'
import { openSqliteEventStore } from '@duban/eventstore'
import { eventCodec, fixedClock, runAssignmentCommand, StateCache } from '@duban/ledger'
import autocannon from 'autocannon'
import { type BenchRow, median } from './report'

const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const SEED_DIR = join(tmpdir(), 'duban-bench-http-seed')
const UNIT = 'cq-shangwuwei'
const PASSWORD = 'duban-demo-2023'
/** The demo ledger's clock (its clock.json): the day its reports are made on. */
const DEMO_TODAY = '2023-11-15T02:00:00.000Z'

interface Measure {
  rps: number[]
  p99: number[]
}
const measure = (): Measure => ({ rps: [], p99: [] })

export async function benchHttp(): Promise<BenchRow[]> {
  await seedOnce()
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-bench-http-'))
  cpSync(SEED_DIR, dataDir, { recursive: true })
  const duban = new ApiProcess({ DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, ['--demo'])
  const bare = startBare()
  try {
    const [dubanUrl, bareUrl] = await Promise.all([duban.url, bare.url])
    await settled(dubanUrl)
    const office = await signIn(dubanUrl, 'ducha')
    const reporter = await signIn(dubanUrl, 'swz-tianbao')
    const unitPath = `/views/units/${UNIT}`
    const overduePath = '/views/overdue'
    const unitBytes = await fetchBytes(`${dubanUrl}${unitPath}`, office)
    const unitBr = await fetch(`${dubanUrl}${unitPath}`, {
      headers: { authorization: `Bearer ${office}`, 'accept-encoding': 'br' },
    })
    // fetch undoes the compression; the length on the wire is in the header.
    const unitBrBytes = Number(unitBr.headers.get('content-length') ?? 0)
    await unitBr.arrayBuffer()
    const overdueBytes = await fetchBytes(`${dubanUrl}${overduePath}`, office)
    await putBytes(`${bareUrl}/payload/unit`, unitBytes)
    await putBytes(`${bareUrl}/payload/overdue`, overdueBytes)
    const taskIds = [...new Set([...unitBytes.toString().matchAll(/"taskId":"([^"]+)"/g)].map((m) => m[1]!))]

    const m = {
      unit: measure(),
      unitBr: measure(),
      bareUnit: measure(),
      bareUnitObject: measure(),
      me: measure(),
      bareHello: measure(),
      overdue: measure(),
      bareOverdue: measure(),
      health: measure(),
      bareHealth: measure(),
      reports: measure(),
      bareEcho: measure(),
      direct: measure(),
      directOnLedger: measure(),
      ledger: measure(),
    }
    let reportNo = 0
    const reportBody = () =>
      JSON.stringify({
        reportId: `bench-${process.pid}-${++reportNo}`,
        narrative: '本季度推进情况良好,按计划完成。',
      })
    for (let round = 0; round < ROUNDS; round++) {
      record(m.unit, await cannon(dubanUrl, unitPath, office))
      record(m.unitBr, await cannon(dubanUrl, unitPath, office, { headers: { 'accept-encoding': 'br' } }))
      record(m.bareUnit, await cannon(bareUrl, '/payload/unit'))
      record(m.bareUnitObject, await cannon(bareUrl, '/object/unit'))
      record(m.me, await cannon(dubanUrl, '/auth/me', office))
      record(m.bareHello, await cannon(bareUrl, '/hello', 'bench-hello'))
      record(m.overdue, await cannon(dubanUrl, overduePath, office))
      record(m.bareOverdue, await cannon(bareUrl, '/payload/overdue'))
      record(m.health, await cannon(dubanUrl, '/health'))
      record(m.bareHealth, await cannon(bareUrl, '/health'))
      let next = 0
      record(
        m.reports,
        await cannon(dubanUrl, '/', reporter, {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: `/tasks/${taskIds[next++ % taskIds.length]}/assignments/${UNIT}/reports`,
            body: reportBody(),
          }),
        }),
      )
      record(m.bareEcho, await cannon(bareUrl, '/echo', undefined, { method: 'POST', body: reportBody() }))
      m.direct.rps.push(await directAppends(taskIds, round))
      m.directOnLedger.rps.push(await directAppends(taskIds, round, join(SEED_DIR, 'duban.sqlite')))
      m.ledger.rps.push(await ledgerCommands(taskIds, round))
    }

    // Overload: 200 connections on the unit view, /health probed meanwhile.
    const [overload, healthDuring] = await Promise.all([
      cannon(dubanUrl, unitPath, office, {}, 200),
      cannon(dubanUrl, '/health', undefined, {}, 1),
    ])
    const shed = overload.statusCodeStats?.['503']?.count ?? 0
    const answered = overload.requests.total

    // 200 writers at once on the unit's assignments, none sending If-Match.
    let crowdNext = 0
    const crowd = await cannon(
      dubanUrl,
      '/',
      reporter,
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          path: `/tasks/${taskIds[crowdNext++ % taskIds.length]}/assignments/${UNIT}/reports`,
          body: reportBody(),
        }),
      },
      200,
    )
    const crowdStatus = (code: string) => crowd.statusCodeStats?.[code as '200']?.count ?? 0
    const crowdServerErrors = Object.entries(crowd.statusCodeStats ?? {})
      .filter(([code]) => code.startsWith('5') && code !== '503')
      .reduce((sum, [, stats]) => sum + (stats.count ?? 0), 0)

    const row = (name: string, values: Measure, limit?: { name: string; values: Measure }, goal?: string) => {
      const result: BenchRow = {
        name,
        median: Math.round(median(values.rps)),
        unit: 'req/s',
        rounds: values.rps.length,
      }
      if (limit) result.limit = { name: limit.name, median: Math.round(median(limit.values.rps)) }
      if (goal) result.goal = goal
      return result
    }
    const p99 = (name: string, values: Measure, goal?: string): BenchRow => ({
      name,
      median: median(values.p99),
      unit: 'ms p99',
      rounds: values.p99.length,
      ...(goal && { goal }),
    })
    return [
      row(
        `HTTP: unit view ${UNIT} (${kb(unitBytes)}, 10 conns)`,
        m.unit,
        { name: 'bare, same bytes', values: m.bareUnit },
        '≥ 50%',
      ),
      p99('HTTP: unit view p99 (10 conns)', m.unit, '< 50 ms'),
      row(`HTTP: unit view vs bare serializing the same object`, m.unit, {
        name: 'bare, JSON.stringify per request',
        values: m.bareUnitObject,
      }),
      row(
        `HTTP: unit view, Accept-Encoding: br (${Math.round(unitBrBytes / 1024)} KB on the wire)`,
        m.unitBr,
        { name: 'bare, same bytes uncompressed', values: m.bareUnit },
      ),
      row(
        `HTTP: overdue board, default page (${kb(overdueBytes)})`,
        m.overdue,
        { name: 'bare, same bytes', values: m.bareOverdue },
        '≥ 50%',
      ),
      p99('HTTP: overdue board p99 (10 conns)', m.overdue, '< 50 ms'),
      row('HTTP: /health', m.health, { name: 'bare liveness', values: m.bareHealth }, '≥ 50%'),
      row('HTTP: /auth/me (authenticated hello)', m.me, {
        name: 'bare hello, one token compare',
        values: m.bareHello,
      }),
      row('HTTP: durable progress reports', m.reports, { name: 'bare echo', values: m.bareEcho }),
      row(
        'HTTP: durable progress reports vs the store',
        m.reports,
        { name: 'direct appends, 10 at once', values: m.direct },
        '≥ 30%',
      ),
      row('HTTP: durable progress reports vs the store holding the same ledger', m.reports, {
        name: 'direct appends to a copy of the demo ledger, 10 at once',
        values: m.directOnLedger,
      }),
      row('HTTP: durable progress reports vs the same commands in process', m.reports, {
        name: 'the report commands through the ledger (read, decide, append), no HTTP, 10 at once',
        values: m.ledger,
      }),
      {
        name: `HTTP: 200 conns on the unit view: answered 503 (of ${answered}; ${overload.timeouts} timeouts)`,
        median: shed,
        unit: 'responses',
        rounds: 1,
      },
      {
        name: `HTTP: 200 conns posting reports without If-Match: answered 409 (of ${crowd.requests.total}; ${crowdStatus('201')} 201, ${crowdStatus('503')} 503, ${crowdServerErrors} other 5xx, ${crowd.timeouts} timeouts)`,
        median: crowdStatus('409'),
        unit: 'responses',
        rounds: 1,
        goal: '0',
      },
      {
        name: 'HTTP: /health p99 during the 200-conn load',
        median: healthDuring.latency.p99,
        unit: 'ms',
        rounds: 1,
      },
    ]
  } finally {
    duban.kill('SIGTERM')
    bare.child.kill('SIGTERM')
    await duban.exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Seeds the demo ledger into SEED_DIR once (a server started with --demo on an empty directory). */
async function seedOnce(): Promise<void> {
  if (existsSync(join(SEED_DIR, 'duban.sqlite'))) return
  const seeding = new ApiProcess({ DUBAN_DATA_DIR: SEED_DIR, LOG_LEVEL: 'warn' }, ['--demo'])
  try {
    await settled(await seeding.url)
  } finally {
    seeding.kill('SIGTERM')
    await seeding.exited
  }
}

function record(into: Measure, result: autocannon.Result): void {
  if (result.non2xx > 0 || result.errors > 0) {
    process.stderr.write(`  ${result.url}: ${result.non2xx} non-2xx, ${result.errors} errors\n`)
  }
  // Answers that succeeded, per second: a fast 503 is not a view served.
  into.rps.push(result['2xx'] / result.duration)
  into.p99.push(result.latency.p99)
}

function cannon(
  base: string,
  path: string,
  token?: string,
  request: Partial<autocannon.Request> = {},
  connections = 10,
): Promise<autocannon.Result> {
  return autocannon({
    url: `${base}${path}`,
    connections,
    duration: connections === 10 ? SECONDS : Math.max(SECONDS, 5),
    headers: {
      ...request.headers,
      ...(token && { authorization: `Bearer ${token}` }),
      ...(request.method === 'POST' && { 'content-type': 'application/json' }),
    },
    requests: [{ method: 'GET', path, ...request }],
  })
}

/**
 * Waits until a start's background work is done — the walk of the chain, the read models and the
 * dispatcher caught up with the log (it reads the whole log once on a fresh demo) — and the server
 * answers calmly: the views are measured in their steady state, not against the catch-up.
 */
async function settled(base: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const health = (await (await fetch(`${base}/health/ready`)).json()) as {
      log?: { integrity: string }
      readModels?: { lag: number }
      delivery?: { lag: number }
    }
    const busy =
      health.log?.integrity === 'checking' ||
      (health.readModels?.lag ?? 0) > 0 ||
      (health.delivery?.lag ?? 0) > 0
    if (!busy) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await new Promise((resolve) => setTimeout(resolve, 1000))
}

async function signIn(base: string, userId: string): Promise<string> {
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: PASSWORD }),
  })
  if (response.status !== 201)
    throw new Error(`sign-in as ${userId}: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { token: string }).token
}

async function fetchBytes(url: string, token: string): Promise<Buffer> {
  let response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  for (let tries = 0; response.status === 503 && tries < 10; tries++) {
    await new Promise((resolve) =>
      setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000),
    )
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  }
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}

async function putBytes(url: string, bytes: Buffer): Promise<void> {
  await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes })
}

const kb = (bytes: Buffer) => `${Math.round(bytes.length / 1024)} KB`

function startBare(): { child: ChildProcess; url: Promise<string> } {
  const script = fileURLToPath(new URL('./bare-server.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const address = /listening at (\S+)/.exec(output)?.[1]
      if (address) resolve(address)
    })
    child.on('exit', () => reject(new Error(`the bare server exited: ${output}`)))
  })
  return { child, url }
}

/**
 * The same report commands through the ledger on a copy of the demo ledger, 10 at once: what the
 * route runs after HTTP, authentication and validation (the task's and the assignment's state
 * from the state cache, decide, append, wait for the commit), without the read models the server
 * keeps up beside it. Splits the HTTP figure into the HTTP layer and the command itself.
 */
async function ledgerCommands(taskIds: readonly string[], round: number): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-ledger-'))
  try {
    const file = join(directory, 'log.sqlite')
    cpSync(join(SEED_DIR, 'duban.sqlite'), file)
    const store = openSqliteEventStore({ file })
    const ledger = {
      store,
      clock: fixedClock(DEMO_TODAY),
      codec: eventCodec(domainEvents),
      states: new StateCache(),
    }
    const actor = { userId: 'swz-tianbao', unitId: UNIT }
    const rate = await tenAtOnce(async (worker, i) => {
      const taskId = taskIds[(worker + i * 10) % taskIds.length]!
      const command = AssignmentCommand.parse({
        type: 'SubmitProgressReport',
        data: {
          taskId,
          unitId: UNIT,
          reportId: `ledger-${round}-${worker}-${i}`,
          narrative: '本季度推进情况良好,按计划完成。',
        },
      })
      await runAssignmentCommand(ledger, command, { actor, isWorkingDay: () => true })
    })
    await store.close()
    return rate
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/**
 * The same report events appended straight to a store (same durability), 10 at once (as the 10
 * HTTP connections), for SECONDS: the store without HTTP, auth, reads and deciding. On a fresh
 * log, or on a copy of `ledger` (the log the server holds, streams and all).
 */
async function directAppends(taskIds: readonly string[], round: number, ledger?: string): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'duban-bench-direct-'))
  try {
    const file = join(directory, 'log.sqlite')
    if (ledger) cpSync(ledger, file)
    const store = openSqliteEventStore({ file })
    const rate = await tenAtOnce(async (worker, i) => {
      const commandId = `direct-${round}-${worker}-${i}`
      const taskId = taskIds[(worker + i * 10) % taskIds.length]!
      await store.append(
        assignmentStreamId(taskId, UNIT),
        [
          {
            type: 'ProgressReportSubmitted',
            schemaVersion: 1,
            data: { reportId: commandId, narrative: '本季度推进情况良好,按计划完成。', evidence: [] },
            metadata: {
              actor: 'swz-tianbao',
              unit: UNIT,
              commandId,
              correlationId: commandId,
              causationId: commandId,
              recordedAt: new Date().toISOString(),
            },
          },
        ],
        { expectedVersion: 'any' },
      )
    })
    await store.close()
    return rate
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/** Runs `step` in 10 loops at once (as the 10 HTTP connections) for SECONDS; steps per second. */
async function tenAtOnce(step: (worker: number, i: number) => Promise<void>): Promise<number> {
  let done = 0
  const until = performance.now() + SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 10 }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        await step(worker, i)
        done += 1
      }
    }),
  )
  return done / ((performance.now() - started) / 1000)
}

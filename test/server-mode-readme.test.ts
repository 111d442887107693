/**
 * The README's server-mode section, run as an operator would: the commands of its marked block,
 * one by one through bash from the repository root, against an empty database on a real
 * PostgreSQL, with real processes (pnpm, two API replicas, the scheduler service) and real HTTP.
 * Then two replicas answer, the administrator signs in on both, the plan is in the log and in both
 * replicas' read models, the scheduler leads, and `duban verify` passed.
 *
 * What the test changes in the commands, and nothing else: the data directories' root
 * (/var/lib/duban → a temporary directory) and the two ports (3001, 3002 → free ones), so it runs
 * beside other tests. DUBAN_STORE_URL is set as the section says; the password is typed on stdin.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { openPostgresEventStore } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import t from 'tap'

t.setTimeout(900_000)

const root = resolve(import.meta.dirname, '..')
const PASSWORD = 'correct horse battery staple'
const PLANS = ['2022-192sktf', '2022-0bthh4z']

/** The commands of the block under the `server-mode` marker, as written. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const block = /<!-- server-mode:[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]
  if (!block) throw new Error('README.md has no ```sh block under a <!-- server-mode: … --> marker')
  return block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
}

/** The pnpm the README assumes on PATH: the machine's, else the pinned one through npx. */
function pnpmDirectory(): string {
  const found = spawnSync('sh', ['-c', 'command -v pnpm'], { encoding: 'utf8' }).stdout.trim()
  if (found) return dirname(found)
  const viaNpx = spawnSync('npx', ['-y', '-p', 'pnpm@10.34.9', '-c', 'command -v pnpm'], {
    encoding: 'utf8',
    env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0' },
    timeout: 300_000,
  })
  const path = viaNpx.stdout.trim().split('\n').at(-1)
  if (viaNpx.status !== 0 || !path) throw new Error(`no pnpm: ${viaNpx.stderr}`)
  return dirname(path)
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()))
    })
  })
}

interface Background {
  line: string
  child: ChildProcess
  output: string
}

const scratch = mkdtempSync(join(tmpdir(), 'duban-server-mode-'))
t.teardown(() => rmSync(scratch, { recursive: true, force: true }))
const postgres = await startTestPostgres()
t.teardown(() => postgres.stop())
const storeUrl = await postgres.createDatabase('server_mode')
const [port1, port2] = [await freePort(), await freePort()]

const env = {
  ...process.env,
  PATH: `${pnpmDirectory()}:${process.env.PATH}`,
  DUBAN_STORE_URL: storeUrl,
  // The operator's shell: the CLI's own data directory, not a demo's ./data in the checkout.
  DUBAN_DATA_DIR: join(scratch, 'operator'),
  LOG_LEVEL: 'info',
}
const background: Background[] = []
t.teardown(() => {
  // Each started in its own process group: pnpm, its shell, tsx and node go together.
  for (const { child } of background) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL')
})

const commands = readmeCommands().map((line) =>
  line
    .replaceAll('/var/lib/duban', join(scratch, 'var'))
    .replace('PORT=3001', `PORT=${port1}`)
    .replace('PORT=3002', `PORT=${port2}`),
)
const foreground: { line: string; status: number | null; stdout: string; stderr: string }[] = []
for (const line of commands) {
  const detached = /&\s*(#.*)?$/.exec(line)
  if (detached) {
    const child = spawn('bash', ['-c', line.slice(0, detached.index)], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const started: Background = { line, child, output: '' }
    child.stdout!.on('data', (chunk: Buffer) => (started.output += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (started.output += chunk.toString()))
    background.push(started)
  } else {
    const run = spawnSync('bash', ['-c', line], {
      cwd: root,
      env,
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
      timeout: 600_000,
    })
    foreground.push({ line, status: run.status, stdout: run.stdout, stderr: run.stderr })
  }
}

interface Health {
  store: { kind: string }
  log: { integrity: string }
  readModels: { position: number; lag: number }
}
type Body = Record<string, unknown>

async function healthOf(port: number, process: Background): Promise<Health> {
  for (const started = Date.now(); Date.now() - started < 600_000; ) {
    if (process.child.exitCode !== null) throw new Error(`${process.line} exited:\n${process.output}`)
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`)
      if (response.ok) return (await response.json()) as Health
    } catch {
      // Not listening yet.
    }
    await new Promise((wake) => setTimeout(wake, 250))
  }
  throw new Error(`nothing answers on port ${port}:\n${process.output}`)
}

const post = async (port: number, path: string, body: unknown) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Body }
}
const me = async (port: number, token: string) => {
  const response = await fetch(`http://127.0.0.1:${port}/auth/me`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return { status: response.status, body: (await response.json()) as Body }
}

t.test('the section: every foreground command succeeds, two API replicas and a scheduler run', async (t) => {
  t.equal(commands.length, 6, 'six commands: admin, import, two replicas, scheduler, verify')
  t.equal(background.length, 3, 'three of them run on in the background')
  for (const run of foreground) t.equal(run.status, 0, `${run.line}\n${run.stderr}`)
  const [admin, imported, verify] = foreground
  t.match(admin?.stdout, /^created 系统管理员 admin \(系统管理员, cq-zhengfubangongting\) on postgres:/)
  t.match(imported?.stdout, /^confirmed into postgres:\S+: \d+ events written\n {2}2022-192sktf: 27 tasks/)
  t.match(verify?.stdout, /^verify ok: \d+ events in \d+ streams, hash chain intact\n {2}log: postgres:/)
})

t.test('two replicas answer, on the one store, each caught up with the log', async (t) => {
  const store = await openPostgresEventStore({ connectionString: storeUrl })
  t.teardown(() => store.close())
  const [api1, api2] = background
  const [health1, health2] = [await healthOf(port1, api1!), await healthOf(port2, api2!)]
  for (const health of [health1, health2]) {
    t.equal(health.store.kind, 'postgres')
    t.equal(health.log.integrity, 'ok')
  }
  const head = await store.headPosition()
  for (const [port, api] of [
    [port1, api1!],
    [port2, api2!],
  ] as const) {
    let health = await healthOf(port, api)
    while (health.readModels.position < head) health = await healthOf(port, api)
    t.equal(health.readModels.lag, 0, `then the replica on ${port} has caught up`)
  }

  t.test('the plan is in the log, both plans of the document with their tasks', async (t) => {
    for (const planId of PLANS) {
      const events = await store.readStream(`plan-${planId}`)
      t.equal(events[0]?.type, 'PlanRegistered', `then ${planId} is registered`)
    }
    const tasks = await store.readStream('task-2022-192sktf.t1')
    t.equal(tasks[0]?.type, 'TaskRegistered')
  })
})

t.test('the administrator signs in on both replicas; a token of one works on the other', async (t) => {
  const tokens: string[] = []
  for (const port of [port1, port2]) {
    const signIn = await post(port, '/auth/token', { userId: 'admin', password: PASSWORD })
    t.equal(signIn.status, 201, `then admin signs in on ${port}`)
    tokens.push(String(signIn.body.token))
  }
  const [on2, on1] = [await me(port2, tokens[0]!), await me(port1, tokens[1]!)]
  t.same([on2.status, on2.body.id, on2.body.roles], [200, 'admin', ['administrator']])
  t.same([on1.status, on1.body.id], [200, 'admin'])
  const wrong = await post(port1, '/auth/token', { userId: 'admin', password: 'not the password at all' })
  t.equal(wrong.status, 401, 'then a wrong password is refused')
})

t.test('the scheduler service holds the leader lock', async (t) => {
  const scheduler = background[2]!
  for (const started = Date.now(); !scheduler.output.includes('"msg":"leading"'); ) {
    if (scheduler.child.exitCode !== null || Date.now() - started > 300_000)
      throw new Error(`the scheduler did not lead:\n${scheduler.output}`)
    await new Promise((wake) => setTimeout(wake, 250))
  }
  t.ok(scheduler.output.includes('"msg":"leading"'))
  t.equal(scheduler.child.exitCode, null, 'then it runs on')
})

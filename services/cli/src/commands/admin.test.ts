/**
 * `duban admin create` as an operator runs it, on a fresh embedded store and on a real
 * PostgreSQL: the password from stdin (never argv), the account an event in the log without the
 * password, clear errors with nothing written, and the account signs in.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseStoreUrl } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { type OpenedLedger, openEmbeddedLedger, openLedgerAt } from '@duban/runtime'
import { entryArgs } from '@duban/testing'
import t, { type Test } from 'tap'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const PASSWORD = 'correct horse battery staple'

/** The operator's environment, without a store of this machine's. */
const { DUBAN_STORE_URL: _, DUBAN_DATA_DIR: __, ...environment } = process.env

const duban = (stdin: string, args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...entryArgs(main), ...args], {
      env: { ...environment, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('exit', (status) => resolve({ status, stdout, stderr }))
    child.stdin.end(stdin)
  })

/** The account's events in the log, as stored (their JSON text): never a password nor its hash. */
async function accountEvents(t: Test, ledger: OpenedLedger) {
  const events = await ledger.store.readStream('accounts')
  const text = JSON.stringify(events)
  t.notMatch(text, PASSWORD, 'then the log holds no password')
  t.notMatch(text, /argon2/, 'then the log holds no password hash')
  return events
}

t.test('given an empty embedded data directory', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-admin-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const store = ['--data-dir', dataDir]
  const create = (stdin: string, ...args: string[]) =>
    duban(stdin, ['admin', 'create', ...store, '--user', 'admin', ...args])

  t.test(
    'when the password is empty, weak or holds the user id, then exit 2 and nothing is written',
    async (t) => {
      for (const [stdin, message] of [
        ['\n', /password is empty/],
        ['short\n', /at least 12 characters/],
        ['admin-password-2026\n', /must not contain the user id/],
      ] as const) {
        const run = await create(stdin)
        t.equal(run.status, 2, run.stderr)
        t.match(run.stderr, message)
      }
      t.same(readdirSync(dataDir), [], 'then the data directory is still empty')
    },
  )

  t.test('when the user id, the unit or the role is bad, then exit 2 and nothing is written', async (t) => {
    const badUser = await duban(`${PASSWORD}\n`, ['admin', 'create', ...store, '--user', 'Admin Wang'])
    t.equal(badUser.status, 2)
    t.match(badUser.stderr, /--user Admin Wang: a user id is lower-case/)
    const badUnit = await create(`${PASSWORD}\n`, '--unit', 'cq-nowhere')
    t.equal(badUnit.status, 2)
    t.match(badUnit.stderr, /--unit cq-nowhere: no such unit/)
    const badRole = await create(`${PASSWORD}\n`, '--role', 'root')
    t.equal(badRole.status, 2)
    t.match(badRole.stderr, /--role root is no role/)
    t.same(readdirSync(dataDir), [])
  })

  t.test(
    'when the password comes on stdin, then the administrator exists, signs in, and the log says who made it',
    async (t) => {
      const run = await create(`${PASSWORD}\n`, '--name', '系统管理员')
      t.equal(run.status, 0, run.stderr)
      t.match(run.stdout, /created 系统管理员 admin \(系统管理员, cq-zhengfubangongting\) on sqlite:/)
      const ledger = openEmbeddedLedger({ dataDir })
      t.teardown(() => ledger.close())
      t.same(await ledger.users.authenticate('admin', PASSWORD), {
        id: 'admin',
        displayName: '系统管理员',
        unitId: 'cq-zhengfubangongting',
        roles: ['administrator'],
      })
      const [created, ...more] = await accountEvents(t, ledger)
      t.same(more, [])
      t.equal(created?.type, 'AccountCreated')
      t.same(created?.data, {
        userId: 'admin',
        displayName: '系统管理员',
        unitId: 'cq-zhengfubangongting',
        roles: ['administrator'],
      })
      t.match(created?.metadata.actor, /^console:/, 'then the console is its author')
    },
  )

  t.test('when the user exists, then exit 1 and nothing changes', async (t) => {
    const run = await create('another password 2026\n')
    t.equal(run.status, 1)
    t.equal(run.stderr, 'duban: account admin exists\n')
    const ledger = openEmbeddedLedger({ dataDir })
    t.teardown(() => ledger.close())
    t.equal((await ledger.store.readStream('accounts')).length, 1)
    t.ok(await ledger.users.authenticate('admin', PASSWORD), 'then the first password still signs in')
  })

  t.test(
    'when the first supervision officer is made at the console, then the role is active at once',
    async (t) => {
      const run = await duban(`${PASSWORD}\n`, [
        'admin',
        'create',
        ...store,
        '--user',
        'ducha',
        '--name',
        '赵敏',
        '--role',
        'supervision_officer',
      ])
      t.equal(run.status, 0, run.stderr)
      const ledger = openEmbeddedLedger({ dataDir })
      t.teardown(() => ledger.close())
      t.same((await ledger.users.get('ducha'))?.roles, ['supervision_officer'])
    },
  )
})

t.test('at a terminal, the password is asked for twice and never shown', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-admin-tty-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  // util-linux `script` gives the command a real terminal; each answer is typed once its prompt shows.
  const command = [
    process.execPath,
    ...entryArgs(main),
    'admin',
    'create',
    '--data-dir',
    dataDir,
    '--user',
    'admin',
  ]
  const child = spawn('script', ['-qfec', command.join(' '), '/dev/null'], { env: environment })
  let screen = ''
  const answered = new Set<string>()
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString()
    for (const prompt of ['password for admin:', 'the same password again:']) {
      if (screen.includes(prompt) && !answered.has(prompt)) {
        answered.add(prompt)
        child.stdin.write(`${PASSWORD}\r`)
      }
    }
  })
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  t.equal(status, 0, screen)
  t.match(screen, /created 系统管理员 admin/)
  t.notOk(screen.includes(PASSWORD), 'then the password never reached the screen')
  const ledger = openEmbeddedLedger({ dataDir })
  t.teardown(() => ledger.close())
  t.ok(await ledger.users.authenticate('admin', PASSWORD))
})

t.test('a bad store URL is refused with exit 2', async (t) => {
  const run = await duban(`${PASSWORD}\n`, [
    'admin',
    'create',
    '--store-url',
    'mysql://x/duban',
    '--user',
    'admin',
  ])
  t.equal(run.status, 2)
  t.match(run.stderr, /DUBAN_STORE_URL: mysql:\/\/x\/duban: unknown kind/)
})

t.test('given an empty PostgreSQL, named by DUBAN_STORE_URL or --store-url', async (t) => {
  const postgres = await startTestPostgres()
  t.teardown(() => postgres.stop())
  const url = await postgres.createDatabase('admin_create')
  const scratch = mkdtempSync(path.join(tmpdir(), 'duban-admin-pg-'))
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }))

  const first = await duban(`${PASSWORD}\n`, ['admin', 'create', '--user', 'admin'], {
    DUBAN_STORE_URL: url,
    DUBAN_DATA_DIR: scratch,
  })
  t.equal(first.status, 0, first.stderr)
  t.match(first.stdout, /on postgres:\/\//)
  const again = await duban(`${PASSWORD}\n`, ['admin', 'create', '--store-url', url, '--user', 'admin'])
  t.equal(again.status, 1)
  t.match(again.stderr, /account admin exists/)
  t.notOk(existsSync(path.join(scratch, 'duban.sqlite')), 'then no embedded log was made')

  const ledger = await openLedgerAt(
    { dataDir: scratch, store: parseStoreUrl(url) },
    { now: () => new Date() },
  )
  t.teardown(() => ledger.close())
  t.equal((await ledger.users.authenticate('admin', PASSWORD))?.id, 'admin', 'then it signs in on PostgreSQL')
  const events = await accountEvents(t, ledger)
  t.same(
    events.map((event) => event.type),
    ['AccountCreated'],
  )
})

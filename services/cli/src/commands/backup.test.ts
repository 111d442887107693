/**
 * `duban backup` and `duban restore` as an operator runs them, on a real PostgreSQL: the
 * documented round trip, and bad input refused with exit 2 and nothing written.
 * (Backup under write load and read models rebuilt equal: packages/runtime/src/postgres/backup.test.ts.)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPostgresEventStore, parseStoreUrl } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { fixedClock } from '@duban/ledger'
import { openLedgerAt } from '@duban/runtime'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], { encoding: 'utf8', timeout: 120_000 })

const server = await startTestPostgres()
const directory = mkdtempSync(path.join(tmpdir(), 'duban-cli-backup-'))
t.teardown(async () => {
  await server.stop()
  rmSync(directory, { recursive: true, force: true })
})

t.test('given a server store with an account and events', async (t) => {
  const url = await server.createDatabase('office')
  const ledger = await openLedgerAt(
    { dataDir: directory, store: parseStoreUrl(url) },
    fixedClock(new Date('2024-01-02T02:00:00Z')),
  )
  await ledger.users.createUser({
    id: 'admin',
    displayName: '系统管理员',
    unitId: 'cq-zhengfubangongting',
    roles: ['administrator'],
    password: 'correct horse battery staple',
  })
  for (let i = 0; i < 3; i++) {
    const commandId = `cli-backup-${i}`
    await ledger.store.append(
      `check-${i}`,
      [
        {
          type: 'Checked',
          schemaVersion: 1,
          data: { i },
          metadata: {
            actor: 'user:ducha',
            unit: null,
            commandId,
            correlationId: commandId,
            causationId: commandId,
            recordedAt: '2024-01-02T02:00:00.000Z',
          },
        },
      ],
      { expectedVersion: 'no_stream' },
    )
  }
  await ledger.close()
  const file = path.join(directory, 'office.duban-backup')

  const backup = duban('backup', '--from', url, '--to', file)
  t.equal(backup.status, 0, backup.stderr)
  t.match(backup.stdout, /^backup ok: 3 events/)
  t.match(backup.stdout, /duban_users 1/)

  const target = await server.createDatabase('office_restored')
  const restore = duban('restore', '--from', file, '--to', target)
  t.equal(restore.status, 0, restore.stderr)
  t.match(restore.stdout, /^restore ok: 3 events, hash chain verified/)
  const store = await openPostgresEventStore({ connectionString: target })
  t.equal(await store.headPosition(), 3)
  await store.close()

  t.test('then restoring into a database that is not empty is refused (exit 2)', async (t) => {
    const again = duban('restore', '--from', file, '--to', target)
    t.equal(again.status, 2)
    t.match(again.stderr, /^duban: restore FAILED: the target database is not empty \(\w+ has rows\)/)
  })

  t.test('then a backup into an existing file, or of a SQLite store, is refused (exit 2)', async (t) => {
    const existing = duban('backup', '--from', url, '--to', file)
    t.equal(existing.status, 2)
    t.match(existing.stderr, /already exists/)
    const sqlite = path.join(directory, 'other.duban-backup')
    const wrong = duban('backup', '--from', `sqlite:${path.join(directory, 'log.sqlite')}`, '--to', sqlite)
    t.equal(wrong.status, 2)
    t.match(wrong.stderr, /--from must be a postgres:\/\/ store/)
    t.notOk(existsSync(sqlite), 'no file written')
  })
})

import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { entryArgs } from '@duban/testing'
import t from 'tap'
import { loadSchedulerConfig } from './config'

t.test('given an empty environment, then the scheduler runs once on the SQLite log in ./data', async (t) => {
  const config = loadSchedulerConfig({})
  t.match(config, {
    store: { kind: 'sqlite', file: resolve('data/duban.sqlite') },
    indexFile: resolve('data/scheduler.sqlite'),
    leaderRetryMs: 2000,
    leaderCheckMs: 5000,
    logLevel: 'info',
  })
  t.equal(config.everyMs, undefined, 'no interval: once')
  t.equal(config.lockUrl, undefined, 'no leader lock on SQLite')
})

t.test('given a PostgreSQL store and an interval, then it leads on the same database', async (t) => {
  const config = loadSchedulerConfig({
    DUBAN_STORE_URL: 'postgres://duban:secret@db:5432/duban',
    DUBAN_SCHEDULER_EVERY: '60s',
    DUBAN_SCHEDULER_INDEX: '/var/lib/duban/due-index.sqlite',
  })
  t.equal(config.store.kind, 'postgres')
  t.equal(config.store.display, 'postgres://duban:***@db:5432/duban', 'the password is masked for logs')
  t.equal(config.everyMs, 60_000)
  t.equal(config.lockUrl, 'postgres://duban:secret@db:5432/duban')
  t.equal(config.indexFile, '/var/lib/duban/due-index.sqlite')
})

t.test('given flags and variables, then the flags win', async (t) => {
  const config = loadSchedulerConfig(
    { DUBAN_STORE_URL: 'postgres://db/a', DUBAN_SCHEDULER_EVERY: '1h' },
    { store: 'sqlite:other.sqlite', every: '500ms', index: 'i.sqlite' },
  )
  t.match(config, { store: { kind: 'sqlite', file: resolve('other.sqlite') }, everyMs: 500 })
  t.equal(config.indexFile, resolve('i.sqlite'))
  t.equal(
    loadSchedulerConfig({}, { log: 'x.sqlite' }).store.file,
    resolve('x.sqlite'),
    '--log is a SQLite file',
  )
})

t.test('given bad input, then one clear error names what is wrong', async (t) => {
  const refused: [NodeJS.ProcessEnv, Record<string, string>, RegExp][] = [
    [{ DUBAN_SCHEDULER_EVERY: 'often' }, {}, /^DUBAN_SCHEDULER_EVERY: a duration such as/],
    [{}, { every: '0s' }, /^--every: must be longer than 0/],
    [{ LOG_LEVEL: 'loud' }, {}, /^LOG_LEVEL:/],
    [{ DUBAN_STORE_URL: 'mysql://db/duban' }, {}, /^DUBAN_STORE_URL: .* unknown kind/],
    [{}, { store: 'duban.sqlite' }, /^--store: not a store URL/],
    [{}, { store: 'sqlite://relative.sqlite' }, /^--store: .*sqlite:\/\/\/absolute/],
    [{}, { store: 'sqlite:a', log: 'b' }, /--store and --log/],
    [{ DUBAN_LEADER_LOCK_URL: 'sqlite:lock' }, {}, /^DUBAN_LEADER_LOCK_URL: .*postgres/],
    [
      { DUBAN_STORE_URL: 'esdb://es:2113?tls=false', DUBAN_SCHEDULER_EVERY: '60s' },
      {},
      /^DUBAN_LEADER_LOCK_URL: required to run continuously on EventStoreDB/,
    ],
  ]
  for (const [env, flags, message] of refused) {
    t.throws(
      () => loadSchedulerConfig(env, flags),
      { name: 'ConfigError', message },
      JSON.stringify({ env, flags }),
    )
  }
})

t.test(
  'given a bad interval, when the process starts, then it exits 2 with one line and opens nothing',
  async (t) => {
    const run = spawnSync(
      process.execPath,
      [...entryArgs(new URL('./main.ts', import.meta.url)), '--every', 'soon'],
      { encoding: 'utf8', env: { ...process.env, DUBAN_DATA_DIR: '/nonexistent/duban' } },
    )
    t.equal(run.status, 2)
    t.equal(run.stderr, 'duban-scheduler: --every: a duration such as 500ms, 60s, 5m or 1h\n')
  },
)

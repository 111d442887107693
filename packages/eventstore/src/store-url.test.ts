import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import t from 'tap'
import { openMemoryEventStore } from './memory/memory-store'
import { openStoreAt, parseStoreUrl } from './store-url'

t.test('given no URL, then the store is the embedded SQLite log in the data directory', async (t) => {
  t.same(parseStoreUrl(undefined, { dataDir: 'var/duban' }), {
    kind: 'sqlite',
    url: 'sqlite:var/duban/duban.sqlite',
    display: `sqlite:${resolve('var/duban/duban.sqlite')}`,
    file: resolve('var/duban/duban.sqlite'),
  })
  t.equal(
    parseStoreUrl(undefined).file,
    resolve('data/duban.sqlite'),
    'the data directory defaults to ./data',
  )
})

t.test('given SQLite URLs, then relative paths resolve against the working directory', async (t) => {
  t.match(parseStoreUrl('sqlite:logs/a.sqlite'), { kind: 'sqlite', file: resolve('logs/a.sqlite') })
  t.match(parseStoreUrl('sqlite:///srv/duban/a.sqlite'), { kind: 'sqlite', file: '/srv/duban/a.sqlite' })
  t.match(parseStoreUrl('sqlite:/srv/b.sqlite'), { file: '/srv/b.sqlite' }, 'sqlite:/abs is absolute too')
  t.equal(parseStoreUrl('sqlite:logs/a.sqlite', { dataDir: '/elsewhere' }).file, resolve('logs/a.sqlite'))
})

t.test('given server URLs, then the kind is known and the password masked for display', async (t) => {
  const pg = parseStoreUrl('postgres://duban:s3cret@db:5432/duban')
  t.same(pg, {
    kind: 'postgres',
    url: 'postgres://duban:s3cret@db:5432/duban',
    display: 'postgres://duban:***@db:5432/duban',
  })
  t.equal(parseStoreUrl('postgresql://db/duban').kind, 'postgres')
  t.same(parseStoreUrl('esdb://es1:2113?tls=false'), {
    kind: 'esdb',
    url: 'esdb://es1:2113?tls=false',
    display: 'esdb://es1:2113?tls=false',
  })
  t.equal(
    parseStoreUrl('esdb+discover://user:pw@cluster:2113').display,
    'esdb+discover://user:***@cluster:2113',
  )
})

t.test('given garbage, then one clear error says what a store URL is, without echoing it', async (t) => {
  const refused: [string, RegExp][] = [
    ['duban.sqlite', /^not a store URL \(sqlite:…, postgres:\/\/… or esdb:\/\/…\)$/],
    ['duban:s3cret@db:5432/duban', /^unknown kind duban: \(sqlite:, postgres:\/\/ or esdb:\/\/\)$/],
    ['sqlite:', /^sqlite: names no file$/],
    [
      'sqlite://relative.sqlite',
      /^sqlite:\/\/relative\.sqlite: use sqlite:relative\/path or sqlite:\/\/\/absolute\/path$/,
    ],
    ['mysql://root:hunter2@db/duban', /^mysql:\/\/root:\*\*\*@db\/duban: unknown kind mysql:/],
    ['postgres:///duban', /names no host/],
  ]
  for (const [text, message] of refused) {
    t.throws(() => parseStoreUrl(text), { name: 'StoreUrlError', message }, text)
  }
})

t.test('given a SQLite location, then openStoreAt opens a working log there', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-store-url-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const store = await openStoreAt(parseStoreUrl(`sqlite://${join(dir, 'log.sqlite')}`))
  t.teardown(() => store.close())
  const metadata = {
    actor: 'test',
    unit: null,
    commandId: 'c1',
    correlationId: 'c1',
    causationId: 'c1',
    recordedAt: '2023-06-01T00:00:00.000Z',
  }
  await store.append('s-1', [{ type: 'Happened', schemaVersion: 1, data: {}, metadata }], {
    expectedVersion: 'no_stream',
  })
  t.equal(await store.headPosition(), 1)
})

t.test(
  'given an esdb:// location, then openStoreAt opens it only through the opener it is given',
  async (t) => {
    const location = parseStoreUrl('esdb://es1:2113?tls=false')
    await t.rejects(openStoreAt(location), {
      name: 'StoreUrlError',
      message: 'esdb://es1:2113?tls=false: this process has no EventStoreDB adapter (@duban/eventstore-esdb)',
    })
    const asked: unknown[] = []
    const memory = openMemoryEventStore()
    const store = await openStoreAt(location, {
      pollIntervalMs: 50,
      openEsdb: async (options) => {
        asked.push(options)
        return memory
      },
    })
    t.equal(store, memory)
    t.same(asked, [{ connectionString: 'esdb://es1:2113?tls=false', pollIntervalMs: 50 }])
  },
)

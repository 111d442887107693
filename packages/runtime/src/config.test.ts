/** The API's store comes from DUBAN_STORE_URL: SQLite by default, PostgreSQL when given, never EventStoreDB. */
import { resolve } from 'node:path'
import t from 'tap'
import { loadConfig } from './config'

t.test('given no store URL, then the API runs on the SQLite log in the data dir', async (t) => {
  t.match(loadConfig({ DUBAN_DATA_DIR: 'var/duban' }).store, {
    kind: 'sqlite',
    file: resolve('var/duban/duban.sqlite'),
  })
})

t.test('given a PostgreSQL URL, then the API runs on it, its password masked for display', async (t) => {
  const { store, dataDir } = loadConfig({ DUBAN_STORE_URL: 'postgres://duban:s3cret@db:5432/duban' })
  t.same(store, {
    kind: 'postgres',
    url: 'postgres://duban:s3cret@db:5432/duban',
    display: 'postgres://duban:***@db:5432/duban',
  })
  t.equal(dataDir, resolve('data'), 'then the data dir still holds the read models')
})

t.test('given a bad store URL, then one clear error names the variable', async (t) => {
  const refused: [string, RegExp][] = [
    ['duban.sqlite', /DUBAN_STORE_URL: not a store URL/],
    ['mysql://db/duban', /DUBAN_STORE_URL: .*unknown kind mysql:/],
    ['esdb://es1:2113?tls=false', /DUBAN_STORE_URL: the API runs on sqlite: or postgres:\/\//],
  ]
  for (const [url, message] of refused) {
    t.throws(() => loadConfig({ DUBAN_STORE_URL: url }), { name: 'ConfigError', message }, url)
  }
})

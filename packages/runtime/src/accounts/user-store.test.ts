/**
 * The two user stores behave alike (SQLite beside the embedded log, PostgreSQL beside a server
 * log), and on PostgreSQL two processes' stores — two pools — share accounts, sessions and secrets.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import Database from 'better-sqlite3'
import pg from 'pg'
import t from 'tap'
import { PostgresUserStore } from './postgres-user-store'
import { SqliteUserStore } from './sqlite-user-store'
import type { UserStore } from './user-store'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const ZHANG = {
  id: 'swz-tianbao',
  displayName: '张晓梅',
  unitId: 'cq-shangwuwei',
  roles: ['unit_reporter' as const],
  password: 'correct horse battery staple',
}

async function postgresPool(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  t.teardown(() => pool.end())
  return pool
}

const stores: [string, (now: () => number) => Promise<UserStore>][] = [
  [
    'SQLite',
    async (now) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'duban-users-'))
      const store = new SqliteUserStore(path.join(dir, 'users.sqlite'), now)
      t.teardown(async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      })
      return store
    },
  ],
  [
    'PostgreSQL',
    async (now) => PostgresUserStore.open(await postgresPool(await server.createDatabase('users')), now),
  ],
]

for (const [kind, open] of stores) {
  t.test(`given the ${kind} user store`, async (t) => {
    let now = Date.parse('2026-01-05T00:00:00Z')
    const users = await open(() => now)

    t.test(
      'when a user is created, then it is found, listed and signs in with its password only',
      async (t) => {
        t.same(await users.createUser(ZHANG), {
          id: ZHANG.id,
          displayName: '张晓梅',
          unitId: 'cq-shangwuwei',
          roles: ['unit_reporter'],
        })
        t.same((await users.get(ZHANG.id))?.roles, ['unit_reporter'])
        t.equal(await users.get('nobody'), undefined)
        t.same(
          (await users.list()).map((user) => user.id),
          [ZHANG.id],
        )
        t.equal((await users.authenticate(ZHANG.id, ZHANG.password))?.id, ZHANG.id)
        t.equal(await users.authenticate(ZHANG.id, 'wrong password'), undefined)
        t.equal(await users.authenticate('nobody', ZHANG.password), undefined)
        await t.rejects(users.createUser(ZHANG), 'then a taken id is refused')
      },
    )

    t.test('when the office revokes a user, then every session of that user closes', async (t) => {
      const cookie = await users.openSession(ZHANG.id, 'cookie')
      const bearer = await users.openSession(ZHANG.id, 'bearer')
      t.equal((await users.sessionUser(bearer, 'bearer'))?.id, ZHANG.id, 'in use before')
      t.equal((await users.sessionUser(cookie, 'cookie'))?.id, ZHANG.id)
      t.equal(await users.closeSessionsOf(ZHANG.id), 2)
      t.equal(await users.sessionUser(cookie, 'cookie'), undefined)
      t.equal(await users.sessionUser(bearer, 'bearer'), undefined)
      t.equal(await users.closeSessionsOf('nobody'), 0)
    })

    t.test('when sign-ins are recorded, then the audit log reads them newest first', async (t) => {
      const at = '2026-01-05T00:00:00.000Z'
      await users.recordSignIn({
        userId: ZHANG.id,
        ok: false,
        failure: 'password',
        ip: '10.0.0.1',
        via: 'bearer',
        at,
      })
      await users.recordSignIn({
        userId: 'nobody',
        ok: false,
        failure: 'password',
        ip: '10.0.0.2',
        via: 'cookie',
        at,
      })
      await users.recordSignIn({ userId: ZHANG.id, ok: true, ip: '10.0.0.1', via: 'bearer', at })
      t.same(await users.signIns({ userId: ZHANG.id, limit: 10 }), [
        { userId: ZHANG.id, ok: true, ip: '10.0.0.1', via: 'bearer', at },
        { userId: ZHANG.id, ok: false, failure: 'password', ip: '10.0.0.1', via: 'bearer', at },
      ])
      t.equal((await users.signIns({ limit: 2 })).length, 2)
    })

    t.test(
      'when a session is opened, then its token finds the user until it expires or closes',
      async (t) => {
        const bearer = await users.openSession(ZHANG.id, 'bearer')
        const cookie = await users.openSession(ZHANG.id, 'cookie')
        t.equal((await users.sessionUser(bearer, 'bearer'))?.id, ZHANG.id)
        t.equal(
          await users.sessionUser(bearer, 'cookie'),
          undefined,
          'then a token is good for its kind only',
        )
        now += 13 * 3600_000
        t.equal(
          await users.sessionUser(cookie, 'cookie'),
          undefined,
          'then a cookie session ends after 12 hours',
        )
        t.equal((await users.sessionUser(bearer, 'bearer'))?.id, ZHANG.id, 'then a bearer token lasts longer')
        await users.closeSession(bearer)
        t.equal(await users.sessionUser(bearer, 'bearer'), undefined, 'then a closed session is gone')
      },
    )

    t.test(
      'when roles, the password and the disabled flag change, then sign-in and sessions follow',
      async (t) => {
        const session = await users.openSession(ZHANG.id, 'bearer')
        t.ok(await users.sessionUser(session, 'bearer'), 'a session in use (a store may keep it known)')
        await users.setRoles(ZHANG.id, ['unit_reporter', 'unit_approver'])
        t.same((await users.get(ZHANG.id))?.roles, ['unit_reporter', 'unit_approver'])
        t.same(
          (await users.sessionUser(session, 'bearer'))?.roles,
          ['unit_reporter', 'unit_approver'],
          'then the session in use has the new roles at once',
        )
        await users.setPassword(ZHANG.id, 'a new pass phrase 2026')
        t.equal(await users.authenticate(ZHANG.id, ZHANG.password), undefined, 'then the old password fails')
        t.equal((await users.authenticate(ZHANG.id, 'a new pass phrase 2026'))?.id, ZHANG.id)
        await users.setDisabled(ZHANG.id, true)
        t.equal((await users.get(ZHANG.id))?.disabled, true, 'then the account reads as disabled')
        t.equal(
          await users.authenticate(ZHANG.id, 'a new pass phrase 2026'),
          undefined,
          'then it signs in no more',
        )
        t.equal(await users.sessionUser(session, 'bearer'), undefined, 'then its sessions find no user')
        await users.setDisabled(ZHANG.id, false)
        t.equal((await users.sessionUser(session, 'bearer'))?.id, ZHANG.id, 'then enabled, it is back')
        t.equal((await users.get(ZHANG.id))?.disabled, undefined)
        await users.setRoles(ZHANG.id, ['unit_reporter'])
        await users.setPassword(ZHANG.id, ZHANG.password)
      },
    )

    t.test('when a secret is asked for twice, then it is the same', async (t) => {
      const secret = await users.secret('csrf-hmac')
      t.ok(secret.length >= 32)
      t.equal(await users.secret('csrf-hmac'), secret)
      t.not(await users.secret('other'), secret)
    })
  })
}

t.test(
  'given two connections to one SQLite users file, a session closed through one ends in the other at once',
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-users-'))
    const file = path.join(dir, 'users.sqlite')
    const server = new SqliteUserStore(file)
    const elsewhere = new SqliteUserStore(file)
    t.teardown(async () => {
      await server.close()
      await elsewhere.close()
      rmSync(dir, { recursive: true, force: true })
    })
    await server.createUser(ZHANG)
    const bearer = await server.openSession(ZHANG.id, 'bearer')
    t.equal((await server.sessionUser(bearer, 'bearer'))?.id, ZHANG.id, 'known to the server')
    t.equal((await server.sessionUser(bearer, 'bearer'))?.id, ZHANG.id, 'asked again')
    t.equal(await elsewhere.closeSessionsOf(ZHANG.id), 1, 'revoked through the other connection')
    t.equal(await server.sessionUser(bearer, 'bearer'), undefined, 'then the server no longer takes it')
  },
)

t.test('given two API processes on one PostgreSQL, each with its own pool', async (t) => {
  const url = await server.createDatabase('users_shared')
  // Both create the tables at the same moment, as two replicas starting together do.
  const [one, two] = await Promise.all([
    postgresPool(url).then((pool) => PostgresUserStore.open(pool)),
    postgresPool(url).then((pool) => PostgresUserStore.open(pool)),
  ])
  await one.createUser(ZHANG)
  const token = await one.openSession(ZHANG.id, 'bearer')
  t.equal(
    (await two.sessionUser(token, 'bearer'))?.id,
    ZHANG.id,
    'then a token issued by one is good on the other',
  )
  t.equal(await two.secret('csrf-hmac'), await one.secret('csrf-hmac'), 'then they sign with one secret')
  await two.closeSession(token)
  t.equal(
    await one.sessionUser(token, 'bearer'),
    undefined,
    'then a sign-out on one ends the session on both',
  )
})

t.test('given user stores made before accounts could be disabled', async (t) => {
  const oldUsers = `CREATE TABLE {users} (id text PRIMARY KEY, display_name text NOT NULL, unit_id text NOT NULL,
    roles text NOT NULL, password_hash text NOT NULL);`
  const row = ['swz-tianbao', '张晓梅', 'cq-shangwuwei', '["unit_reporter"]', 'not a hash']

  t.test('when the SQLite store opens, then its accounts are kept and can be disabled', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-users-old-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const file = path.join(dir, 'users.sqlite')
    const db = new Database(file)
    db.exec(oldUsers.replace('{users}', 'users'))
    db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?)').run(...row)
    db.close()
    const store = new SqliteUserStore(file)
    t.teardown(() => store.close())
    t.same(await store.get('swz-tianbao'), {
      id: 'swz-tianbao',
      displayName: '张晓梅',
      unitId: 'cq-shangwuwei',
      roles: ['unit_reporter'],
    })
    await store.setDisabled('swz-tianbao', true)
    t.equal((await store.get('swz-tianbao'))?.disabled, true)
  })

  t.test('when the PostgreSQL store opens, then its accounts are kept and can be disabled', async (t) => {
    const pool = await postgresPool(await server.createDatabase('users_old'))
    await pool.query(oldUsers.replace('{users}', 'duban_users'))
    await pool.query('INSERT INTO duban_users VALUES ($1, $2, $3, $4, $5)', row)
    const store = await PostgresUserStore.open(pool)
    t.same((await store.get('swz-tianbao'))?.roles, ['unit_reporter'])
    await store.setDisabled('swz-tianbao', true)
    t.equal((await store.get('swz-tianbao'))?.disabled, true)
  })
})

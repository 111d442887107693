/**
 * The demo's users are events in the demo's log, the same on every machine: created by the
 * console at the demo's frozen clock with fixed command ids, so two seeds write identical events
 * (hashes included); a second seed creates nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fixedClock } from '@duban/ledger'
import t, { type Test } from 'tap'
import { DEMO_TODAY } from '../demo'
import { openEmbeddedLedger } from '../embedded'
import { Accounts } from './account-service'
import { DEMO_PASSWORD, demoUsers, seedDemoUsers } from './demo-users'

async function seededLog(t: Test) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-demo-users-'))
  const ledger = openEmbeddedLedger({ dataDir }, fixedClock(DEMO_TODAY))
  t.teardown(async () => {
    await ledger.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const accounts = new Accounts(ledger.users, ledger.ledger)
  t.equal(await seedDemoUsers(accounts), demoUsers.length)
  t.equal(await seedDemoUsers(accounts), 0, 'then a second seed creates nothing')
  return { ledger, events: await ledger.store.readAll({ after: 0, limit: 100 }) }
}

t.test('two seeds of the demo users write the same events, each user signing in', async (t) => {
  const one = await seededLog(t)
  const two = await seededLog(t)
  t.equal(one.events.length, demoUsers.length)
  t.same(
    one.events.map((event) => event.hash),
    two.events.map((event) => event.hash),
    'then the hash chains are identical',
  )
  t.ok(
    one.events.every((event) => event.type === 'AccountCreated' && event.metadata.actor === 'console:demo'),
  )
  t.equal((await one.ledger.users.authenticate('ducha', DEMO_PASSWORD))?.roles[0], 'supervision_officer')
})

t.test(
  'when the user store is lost beside the demo log, then the next seed makes the users again, and no event',
  async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-demo-users-lost-'))
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
    const first = openEmbeddedLedger({ dataDir }, fixedClock(DEMO_TODAY))
    await seedDemoUsers(new Accounts(first.users, first.ledger))
    await first.close()
    rmSync(path.join(dataDir, 'users.sqlite'))
    const again = openEmbeddedLedger({ dataDir }, fixedClock(DEMO_TODAY))
    t.teardown(() => again.close())
    t.equal(await seedDemoUsers(new Accounts(again.users, again.ledger)), demoUsers.length)
    t.equal(await again.store.headPosition(), demoUsers.length, 'then the log holds each creation once')
    t.ok(await again.users.authenticate('admin', DEMO_PASSWORD))
  },
)

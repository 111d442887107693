/** The access table itself: one row per route the app serves, and the rules the issue sets. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fixedClock } from '@duban/ledger'
import { chongqingUnits, openEmbeddedLedger, userRoles } from '@duban/runtime'
import Fastify from 'fastify'
import t from 'tap'
import { dubanApp } from '../app'
import { accessTable, PUBLIC, routeKey } from './access-table'

t.test('every route the app serves has exactly one row, and every row is a route', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-access-'))
  const clock = fixedClock('2023-06-15T02:00:00Z')
  const embedded = openEmbeddedLedger({ dataDir }, clock)
  const app = Fastify({ logger: false })
  const served = new Set<string>()
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') served.add(routeKey(method, route.url))
  })
  await app.register(dubanApp, { ...embedded, storeKind: 'sqlite', clock, ...chongqingUnits() })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await embedded.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  t.same(
    [...served].filter((key) => !(key in accessTable)),
    [],
    'no route without a row',
  )
  t.same(
    Object.keys(accessTable).filter((key) => !served.has(key)),
    [],
    'no row without a route',
  )
})

t.test('leadership reads everything and changes nothing', async (t) => {
  for (const [key, access] of Object.entries(accessTable)) {
    if (access === PUBLIC) continue
    const method = key.split(' ')[0]
    const { leadership } = access.roles
    if (method === 'GET') continue
    // Signing out and changing the own password change the own account, not the ledger.
    if (['DELETE /auth/token', 'POST /logout', 'PUT /auth/me/password', 'POST /w/me/password'].includes(key))
      continue
    t.equal(leadership, 'none', `${key}: leadership may not`)
  }
})

t.test('a rule scoped to the own unit names whose resource the route touches', async (t) => {
  for (const [key, access] of Object.entries(accessTable)) {
    if (access === PUBLIC) continue
    for (const role of userRoles) {
      if (access.roles[role] === 'own')
        t.not(access.subject, 'none', `${key}: ${role} is scoped to a subject`)
    }
  }
})

t.test('the administrator manages accounts and delivery channels and reads no ledger content', async (t) => {
  for (const [key, access] of Object.entries(accessTable)) {
    if (access === PUBLIC) continue
    const accountRoute =
      /^(GET|POST|PUT|DELETE) \/(admin\/|auth\/|logout|w\/admin|w\/me\/|units\/:unitId\/delivery)/.test(key)
    t.equal(access.roles.administrator === 'none', !accountRoute, `${key}`)
  }
})

t.test(
  'a role request is approved or declined by the supervision office alone, never the administrator',
  async (t) => {
    const approvals = Object.entries(accessTable).filter(([key]) => /role-requests\/:requestId\//.test(key))
    t.equal(approvals.length, 4, 'the API and the web page, approve and decline')
    for (const [key, access] of approvals) {
      if (access === PUBLIC) {
        t.fail(`${key} is public`)
        continue
      }
      t.same(
        userRoles.filter((role) => access.roles[role] !== 'none'),
        ['supervision_officer'],
        key,
      )
    }
  },
)

/**
 * Sign-in for API callers: a password (argon2-hashed at rest) buys a bearer token; the token
 * names the user, and every event the user causes records the user and the unit. Sign-in is
 * rate-limited.
 */
import Database from 'better-sqlite3'
import t from 'tap'
import { TEST_PASSWORD } from '../testing/acting-as'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { SIGN_IN_LIMIT } from './routes'

const reporter = { id: 'swz-tianbao', unitId: LEAD_UNIT, roles: ['unit_reporter' as const] }

t.test('given a user, a right password gets a bearer token that acts as that user', async (t) => {
  const api = await startTestServer(t)
  await api.tokenFor(reporter)
  const signIn = await api.request('POST', '/auth/token', {
    body: { userId: reporter.id, password: TEST_PASSWORD },
  })
  t.equal(signIn.status, 201)
  const { token } = signIn.body as { token: string }
  const me = await api.request('GET', '/auth/me', { headers: { authorization: `Bearer ${token}` } })
  t.match(me.body, { id: reporter.id, unitId: LEAD_UNIT, roles: ['unit_reporter'] })

  const stored = new Database(`${api.dataDir}/users.sqlite`, { readonly: true })
  const { password_hash } = stored
    .prepare('SELECT password_hash FROM users WHERE id = ?')
    .get(reporter.id) as {
    password_hash: string
  }
  stored.close()
  t.match(password_hash, /^\$argon2id\$/, 'the password is kept only as an argon2id hash')

  const revoked = await api.request('DELETE', '/auth/token', {
    headers: { authorization: `Bearer ${token}` },
  })
  t.equal(revoked.status, 204)
  const after = await api.request('GET', '/auth/me', { headers: { authorization: `Bearer ${token}` } })
  t.equal(after.status, 401, 'a revoked token opens nothing')
})

t.test('a wrong password, an unknown user and a made-up token are 401 problems', async (t) => {
  const api = await startTestServer(t)
  await api.tokenFor(reporter)
  for (const body of [
    { userId: reporter.id, password: 'not the password' },
    { userId: 'nobody', password: TEST_PASSWORD },
  ]) {
    const response = await api.request('POST', '/auth/token', { body })
    t.equal(response.status, 401)
    t.match(response.body, { type: 'https://duban.dev/problems/unauthenticated' })
  }
  const forged = await api.request('GET', '/auth/me', {
    headers: { authorization: `Bearer ${'a'.repeat(43)}` },
  })
  t.equal(forged.status, 401)
  const oldHeaders = await api.request('GET', '/auth/me', { headers: { 'x-duban-user': 'ducha-01' } })
  t.equal(oldHeaders.status, 401, 'the stand-in headers name nobody any more')
})

t.test(`sign-in is limited to ${SIGN_IN_LIMIT.max} attempts a minute per address`, async (t) => {
  const api = await startTestServer(t)
  // A different account each time: the per-account delays stay out of it.
  let guesses = 0
  const attempt = () =>
    api.request('POST', '/auth/token', { body: { userId: `guess-${++guesses}`, password: 'guess' } })
  for (let i = 0; i < SIGN_IN_LIMIT.max; i++) t.equal((await attempt()).status, 401)
  const limited = await attempt()
  t.equal(limited.status, 429)
  t.match(limited.body, { type: 'https://duban.dev/problems/too-many-requests', status: 429 })
  t.ok(limited.headers.get('retry-after'), 'says when to try again')
})

t.test('every event records the acting user and unit', async (t) => {
  const api = await startTestServer(t)
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
  const assigned = await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
    body: { unitId: LEAD_UNIT, role: 'lead' },
    headers: supervisionOffice,
  })
  t.match(assigned.body, { events: [{ metadata: { actor: 'ducha-01', unit: 'cq-zhengfubangongting' } }] })
  const token = await api.tokenFor(reporter)
  const acknowledged = await api.request(
    'POST',
    `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}/acknowledge`,
    {
      body: {},
      headers: { authorization: `Bearer ${token}` },
    },
  )
  t.equal(acknowledged.status, 200)
  t.match(acknowledged.body, { events: [{ metadata: { actor: reporter.id, unit: LEAD_UNIT } }] })
})

t.test(
  'per account: growing delays after failures, never a lockout; the audit log and revocation',
  async (t) => {
    const api = await startTestServer(t, { trustedProxies: ['127.0.0.1'] })
    const owner = await api.tokenFor(reporter)
    const from = (ip: string, password: string) =>
      api.request('POST', '/auth/token', {
        body: { userId: reporter.id, password },
        headers: { 'x-forwarded-for': ip },
      })
    for (let i = 0; i < 3; i++) t.equal((await from('10.0.0.66', 'wrong')).status, 401, `failure ${i + 1}`)
    const throttled = await from('10.0.0.66', TEST_PASSWORD)
    t.equal(throttled.status, 429, 'after 3 failures even the right password waits')
    t.equal(throttled.headers.get('retry-after'), '1', 'a 1 s delay')
    t.match(throttled.body, { type: 'https://duban.dev/problems/too-many-requests', detail: /秒后再试/ })

    const elsewhere = await from('10.0.0.7', TEST_PASSWORD)
    t.equal(elsewhere.status, 201, 'the owner at another address is not locked out')

    await new Promise((resolve) => setTimeout(resolve, 1100))
    t.equal((await from('10.0.0.66', 'wrong')).status, 401, 'after the delay, an attempt is taken')
    t.equal((await from('10.0.0.66', 'wrong')).headers.get('retry-after'), '2', 'and the delay grows')

    const office = { ...supervisionOffice }
    const audit = await api.request('GET', `/admin/sign-ins?userId=${reporter.id}`, { headers: office })
    t.equal(audit.status, 200)
    const rows = audit.body as { ok: boolean; failure?: string; ip: string }[]
    t.match(rows[0], { ok: false, failure: 'throttled', ip: '10.0.0.66' }, 'newest first')
    t.ok(
      rows.some((row) => row.ok && row.ip === '10.0.0.7'),
      'the success, with the forwarded address',
    )
    t.equal(rows.filter((row) => row.failure === 'password').length, 4)
    const asReporter = await api.request('GET', '/admin/sign-ins', {
      headers: { authorization: `Bearer ${owner}` },
    })
    t.equal(asReporter.status, 403, 'a unit reporter reads no audit log')

    const revoked = await api.request('DELETE', `/admin/users/${reporter.id}/sessions`, { headers: office })
    t.equal(revoked.status, 200)
    t.ok((revoked.body as { revoked: number }).revoked >= 2, 'every token of the user')
    const after = await api.request('GET', '/auth/me', { headers: { authorization: `Bearer ${owner}` } })
    t.equal(after.status, 401, 'a token the office revoked opens nothing')
  },
)

t.test('per address: the limit counts the forwarded client behind a trusted proxy', async (t) => {
  const api = await startTestServer(t, { trustedProxies: ['127.0.0.1'] })
  let guesses = 0
  const attempt = (ip: string) =>
    api.request('POST', '/auth/token', {
      body: { userId: `guess-${++guesses}`, password: 'guess' },
      headers: { 'x-forwarded-for': ip },
    })
  for (let i = 0; i < SIGN_IN_LIMIT.max; i++) await attempt('10.1.1.1')
  t.equal((await attempt('10.1.1.1')).status, 429, 'one client over its limit')
  t.equal((await attempt('10.1.1.2')).status, 401, 'another client behind the same proxy is not')
})

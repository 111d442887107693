/**
 * Accounts and roles over real HTTP: every change an event in the log (who, what, when; never
 * the password), the administrator reading no ledger content and giving no one — itself
 * included — a role that does without a supervision officer's approval.
 */
import { openSqliteEventStore } from '@duban/eventstore'
import t from 'tap'
import { actingAs, TEST_PASSWORD } from '../testing/acting-as'
import { LEAD_UNIT, OFFICE_UNIT, supervisionOffice } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'

const admin = actingAs({ id: 'admin-01', unitId: OFFICE_UNIT, roles: ['administrator'] })
const NEW_PASSWORD = 'a brand new pass phrase'

t.test('given an administrator and a supervision officer', async (t) => {
  const api = await startTestServer(t)
  const head = async () =>
    ((await api.request('GET', '/health')).body as { store: { headPosition: number } }).store.headPosition
  const accountEvents = async () => {
    const store = openSqliteEventStore({ file: api.file })
    try {
      return await store.readStream('accounts')
    } finally {
      await store.close()
    }
  }
  const signIn = (userId: string, password: string) =>
    api.request('POST', '/auth/token', { body: { userId, password } })
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  await t.test('when the administrator creates a reporter, then the role waits for the office', async (t) => {
    const created = await api.request('POST', '/admin/users', {
      headers: admin,
      body: {
        id: 'wang',
        displayName: '王芳',
        unitId: LEAD_UNIT,
        roles: ['unit_reporter'],
        password: TEST_PASSWORD,
      },
    })
    t.equal(created.status, 201, created.text)
    t.same(created.body, {
      id: 'wang',
      displayName: '王芳',
      unitId: LEAD_UNIT,
      roles: [],
      requested: [{ requestId: 'req-1', role: 'unit_reporter' }],
    })
    const token = ((await signIn('wang', TEST_PASSWORD)).body as { token: string }).token
    t.equal(
      (await api.request('GET', `/views/units/${LEAD_UNIT}`, { headers: bearer(token) })).status,
      403,
      'then the account reads nothing before the approval',
    )
    const pending = await api.request('GET', '/admin/role-requests', { headers: admin })
    t.same(pending.body, [
      { requestId: 'req-1', userId: 'wang', role: 'unit_reporter', requestedBy: 'admin-01' },
    ])
  })

  await t.test(
    'when the administrator grants itself the office role, then it is a request; it cannot approve it',
    async (t) => {
      const asked = await api.request('POST', '/admin/users/admin-01/roles', {
        headers: admin,
        body: { role: 'supervision_officer' },
      })
      t.equal(asked.status, 200, asked.text)
      t.same(asked.body, {
        granted: [],
        revoked: [],
        requested: [{ requestId: 'req-2', userId: 'admin-01', role: 'supervision_officer' }],
      })
      const before = await head()
      const selfApproval = await api.request('POST', '/role-requests/req-2/approve', { headers: admin })
      t.equal(selfApproval.status, 403)
      t.equal(await head(), before, 'then nothing is written')
      t.equal(
        (await api.request('GET', '/views/overdue', { headers: admin })).status,
        403,
        'then the administrator still reads no ledger content',
      )
      const declined = await api.request('POST', '/role-requests/req-2/decline', {
        headers: supervisionOffice,
        body: { reason: '管理员不兼任督查办' },
      })
      t.equal(declined.status, 204)
      t.same(((await api.request('GET', '/auth/me', { headers: admin })).body as { roles: string[] }).roles, [
        'administrator',
      ])
    },
  )

  await t.test('when the office approves, then the role is active from now', async (t) => {
    const approved = await api.request('POST', '/role-requests/req-1/approve', { headers: supervisionOffice })
    t.equal(approved.status, 200, approved.text)
    t.same((approved.body as { granted: unknown[] }).granted, [{ userId: 'wang', role: 'unit_reporter' }])
    const token = ((await signIn('wang', TEST_PASSWORD)).body as { token: string }).token
    t.equal((await api.request('GET', `/views/units/${LEAD_UNIT}`, { headers: bearer(token) })).status, 200)
    t.equal(
      (await api.request('POST', '/role-requests/req-1/approve', { headers: supervisionOffice })).status,
      404,
      'then it cannot be approved twice',
    )
    t.same((await api.request('GET', '/admin/role-requests', { headers: supervisionOffice })).body, [])
  })

  await t.test(
    'when the account is disabled, then its token and its password stop working; enabled, it signs in again',
    async (t) => {
      const token = ((await signIn('wang', TEST_PASSWORD)).body as { token: string }).token
      t.equal((await api.request('POST', '/admin/users/wang/disable', { headers: admin })).status, 204)
      t.equal((await api.request('GET', '/auth/me', { headers: bearer(token) })).status, 401)
      t.equal((await signIn('wang', TEST_PASSWORD)).status, 401)
      const listed = (await api.request('GET', '/admin/users', { headers: admin })).body as {
        id: string
        disabled?: boolean
      }[]
      t.equal(listed.find((user) => user.id === 'wang')?.disabled, true)
      t.equal((await api.request('POST', '/admin/users/wang/disable', { headers: admin })).status, 409)
      t.equal((await api.request('POST', '/admin/users/wang/enable', { headers: admin })).status, 204)
      t.equal((await signIn('wang', TEST_PASSWORD)).status, 201)
    },
  )

  await t.test(
    'when the administrator sets the password, then the old one fails and the reading role goes back to the office',
    async (t) => {
      const reset = await api.request('PUT', '/admin/users/wang/password', {
        headers: admin,
        body: { password: NEW_PASSWORD },
      })
      t.equal(reset.status, 200, reset.text)
      t.same(reset.body, {
        granted: [],
        revoked: [{ userId: 'wang', role: 'unit_reporter' }],
        requested: [{ requestId: 'req-3', userId: 'wang', role: 'unit_reporter' }],
      })
      t.equal((await signIn('wang', TEST_PASSWORD)).status, 401)
      const token = ((await signIn('wang', NEW_PASSWORD)).body as { token: string }).token
      t.equal(
        (await api.request('GET', `/views/units/${LEAD_UNIT}`, { headers: bearer(token) })).status,
        403,
        'then the one who chose the password reads nothing with it alone',
      )
      t.equal(
        (await api.request('POST', '/role-requests/req-3/approve', { headers: supervisionOffice })).status,
        200,
      )

      const own = await api.request('PUT', '/auth/me/password', {
        headers: bearer(token),
        body: { currentPassword: 'not my password', password: TEST_PASSWORD },
      })
      t.equal(own.status, 403, 'then the own password changes only with the current one')
      const changed = await api.request('PUT', '/auth/me/password', {
        headers: bearer(token),
        body: { currentPassword: NEW_PASSWORD, password: TEST_PASSWORD },
      })
      t.equal(changed.status, 204)
      t.same(
        (
          (
            await api.request('GET', '/auth/me', {
              headers: bearer(((await signIn('wang', TEST_PASSWORD)).body as { token: string }).token),
            })
          ).body as { roles: string[] }
        ).roles,
        ['unit_reporter'],
        'then a change of the own password keeps the roles',
      )
    },
  )

  await t.test('when a change breaks a rule, then a problem and nothing written', async (t) => {
    const before = await head()
    const cases = [
      [
        'POST',
        '/admin/users',
        { id: 'li', displayName: '李', unitId: LEAD_UNIT, roles: ['leadership'], password: 'short' },
        400,
      ],
      [
        'POST',
        '/admin/users',
        { id: 'wang', displayName: '王', unitId: LEAD_UNIT, roles: ['leadership'], password: TEST_PASSWORD },
        409,
      ],
      [
        'POST',
        '/admin/users',
        {
          id: 'li',
          displayName: '李',
          unitId: LEAD_UNIT,
          roles: ['leadership'],
          password: 'li-li-li-li-li-li',
        },
        422,
      ],
      ['POST', '/admin/users/wang/roles', { role: 'unit_reporter' }, 409],
      ['DELETE', '/admin/users/admin-01/roles/administrator', undefined, 409],
      ['DELETE', '/admin/users/wang/roles/leadership', undefined, 409],
      ['POST', '/admin/users/admin-01/disable', undefined, 403],
      ['POST', '/admin/users/nobody/enable', undefined, 404],
      ['PUT', '/admin/users/wang/password', { password: 'short' }, 400],
    ] as const
    for (const [method, path, body, status] of cases) {
      const response = await api.request(method, path, { headers: admin, ...(body && { body }) })
      t.equal(response.status, status, `${method} ${path}: ${response.text}`)
      t.match(response.headers.get('content-type'), /problem\+json/)
    }
    t.equal(await head(), before)
  })

  await t.test(
    'when tokens are revoked, then it is recorded too; the log never holds a password',
    async (t) => {
      const revoked = await api.request('DELETE', '/admin/users/wang/sessions', {
        headers: supervisionOffice,
      })
      t.equal(revoked.status, 200)
      t.ok((revoked.body as { revoked: number }).revoked >= 1)
      const events = await accountEvents()
      t.same(
        events.map((event) => [event.type, event.metadata.actor]),
        [
          ['AccountCreated', 'admin-01'],
          ['RoleRequested', 'admin-01'],
          ['RoleRequested', 'admin-01'],
          ['RoleRequestDeclined', 'ducha-01'],
          ['RoleRequestApproved', 'ducha-01'],
          ['AccountDisabled', 'admin-01'],
          ['AccountEnabled', 'admin-01'],
          ['PasswordSet', 'admin-01'],
          ['RoleRevoked', 'admin-01'],
          ['RoleRequested', 'admin-01'],
          ['RoleRequestApproved', 'ducha-01'],
          ['PasswordSet', 'wang'],
          ['SessionsRevoked', 'ducha-01'],
        ],
      )
      const text = JSON.stringify(events)
      for (const secret of [TEST_PASSWORD, NEW_PASSWORD, 'argon2'])
        t.notOk(text.includes(secret), `no ${secret} in the log`)
      t.ok(
        events.every((event) => event.metadata.recordedAt),
        'then each says when',
      )
    },
  )
})

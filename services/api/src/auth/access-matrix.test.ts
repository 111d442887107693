/**
 * The access matrix, generated from the access table: every route × every role × the user's own
 * unit and another unit, each allowed or denied as the table says. A denial is a 403
 * problem+json that writes nothing; an allowance passes the access check (whatever the command
 * then makes of its body). Anonymous callers get 401 on every route that is not public.
 */

import { type UserRole, userRoles } from '@duban/runtime'
import t from 'tap'
import { LEAD_UNIT, OFFICE_UNIT, planBody, supervisionOffice, taskBody } from '../testing/fixtures'
import { startTestServer, type TestServer } from '../testing/test-server'
import { accessTable, PUBLIC, type RouteAccess, scopeFor } from './access-table'

/** Units with a unit of their own to work for; the rest sit in the office. */
const unitRoles: readonly UserRole[] = ['unit_reporter', 'unit_approver']
const OTHER_UNIT = 'cq-fazhangaigewei'
/** Binds the lead unit (own task); OTHER_TASK binds only OTHER_UNIT. */
const OWN_TASK = taskBody.taskId
const OTHER_TASK = 'cq2022-trade.t2'

const unitOf = (role: UserRole) => (unitRoles.includes(role) ? LEAD_UNIT : OFFICE_UNIT)

async function givenLedger(api: TestServer) {
  const as = { headers: supervisionOffice }
  const ok = async (method: string, path: string, body: unknown) => {
    const response = await api.request(method, path, { ...as, body })
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`)
    return response
  }
  await ok('POST', '/plans', planBody)
  await ok('POST', '/tasks', taskBody)
  await ok('POST', '/tasks', {
    ...taskBody,
    taskId: OTHER_TASK,
    number: '2',
    leadUnitId: OTHER_UNIT,
    coUnitIds: [],
  })
  for (const unitId of [LEAD_UNIT, OTHER_UNIT]) {
    await ok('POST', `/tasks/${OWN_TASK}/assignments`, { unitId, role: unitId === LEAD_UNIT ? 'lead' : 'co' })
  }
  await ok('POST', `/tasks/${OTHER_TASK}/assignments`, { unitId: OTHER_UNIT, role: 'lead' })
  // No draft need exist: an allowed caller is then told 404, a refused one 403.
  return { draftId: '00000000-0000-4000-8000-000000000000' }
}

function concretePath(
  url: string,
  access: RouteAccess,
  unitId: string,
  relation: 'own' | 'other',
  ids: { draftId: string },
) {
  const ownUnit = relation === 'own'
  const values: Record<string, string> = {
    unitId: ownUnit ? unitId : unitId === LEAD_UNIT ? OTHER_UNIT : LEAD_UNIT,
    taskId: access.subject === 'task' && !ownUnit ? OTHER_TASK : OWN_TASK,
    planId: planBody.planId,
    draftId: ids.draftId,
  }
  return url.replace(/:(\w+)/g, (_, name: string) => values[name] ?? 'x404').replace('*', 'x404')
}

t.test('every route × role × own/other unit is allowed or denied as the access table says', async (t) => {
  const api = await startTestServer(t)
  const ids = await givenLedger(api)
  const head = async () =>
    ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store
      .headPosition

  for (const [key, access] of Object.entries(accessTable)) {
    const [method, url] = key.split(' ') as [string, string]
    if (access === PUBLIC) {
      const response = await api.request(method, url.replace('*', 'swagger-ui.css'))
      t.not(response.status, 401, `${key}: public, open to anonymous callers`)
      continue
    }
    for (const role of userRoles) {
      const unitId = unitOf(role)
      const user = { id: `matrix-${role}`, unitId, roles: [role] }
      for (const relation of ['own', 'other'] as const) {
        const scope = scopeFor(access, [role])
        const allowed = scope === 'any' || (scope === 'own' && relation === 'own')
        const path = concretePath(url, access, unitId, relation, ids)
        const before = await head()
        // A fresh token per case: an allowed DELETE /auth/token revokes the one it carries.
        await api.tokenFor(user)
        const token = await api.users.openSession(user.id, 'bearer')
        const response = await api.request(method, path, {
          headers: { authorization: `Bearer ${token}` },
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
        })
        const name = `${key} as ${role} on ${relation} unit (${path})`
        if (allowed) {
          t.notOk([401, 403].includes(response.status), `${name}: allowed (got ${response.status})`)
        } else {
          t.equal(response.status, 403, `${name}: denied`)
          t.match(response.headers.get('content-type'), /^application\/problem\+json/)
          t.match(response.body, { type: 'https://duban.dev/problems/forbidden', status: 403 })
          t.equal(await head(), before, `${name}: wrote nothing`)
        }
      }
    }
    const anonymous = await api.request(method, concretePath(url, access, LEAD_UNIT, 'own', ids), {
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
    })
    if (method === 'GET' && url.startsWith('/w/')) {
      t.equal(anonymous.status, 302, `${key}: an anonymous visitor is sent to sign in`)
      t.match(anonymous.headers.get('location'), /^\/login\?next=/)
    } else {
      t.equal(anonymous.status, 401, `${key}: anonymous callers are asked to sign in`)
    }
  }
})

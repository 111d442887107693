/**
 * Every refusal of an account, role or password change over the API: problem+json naming its rule
 * (`details.rule`, for clients that branch on it), English by default, and with
 * `Accept-Language: zh-CN` a Chinese detail that says what is wrong and what to do — one sentence
 * per rule, never the generic one of its kind. Nothing is written.
 */
import t from 'tap'
import { actingAs, TEST_PASSWORD } from '../testing/acting-as'
import { LEAD_UNIT, OFFICE_UNIT, supervisionOffice } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'

const admin = actingAs({ id: 'admin-01', unitId: OFFICE_UNIT, roles: ['administrator'] })
/** Holds both roles: may request a role and, as the office, try to approve its own request. */
const both = actingAs({ id: 'both-01', unitId: OFFICE_UNIT, roles: ['administrator', 'supervision_officer'] })
const zh = { 'accept-language': 'zh-CN' }
const account = (id: string, more: object = {}) => ({
  id,
  displayName: id,
  unitId: LEAD_UNIT,
  roles: ['unit_reporter'],
  password: TEST_PASSWORD,
  ...more,
})

t.test(
  'given accounts, when a change breaks a rule, then the problem names it, in Chinese when asked',
  async (t) => {
    const api = await startTestServer(t)
    const head = async () =>
      ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store
        .headPosition
    const given = await api.request('POST', '/admin/users', { headers: admin, body: account('wang') })
    t.equal(given.status, 201, 'wang, with a reporter role awaiting the office (req-1)')

    type Case = [string, string, string, object | undefined, Record<string, string>, number, string, RegExp]
    const cases: Case[] = [
      [
        'the user id is taken',
        'POST',
        '/admin/users',
        account('wang'),
        admin,
        409,
        'account_exists',
        /^用户名“wang”已被使用，请换一个用户名。$/,
      ],
      [
        'the password holds the user id',
        'POST',
        '/admin/users',
        account('li', { password: 'li-li-li-li-li-li' }),
        admin,
        422,
        'password_contains_user_id',
        /^新密码不能包含用户名“li”，请换一个密码。$/,
      ],
      [
        'no such unit',
        'POST',
        '/admin/users',
        account('li', { unitId: 'cq-nowhere' }),
        admin,
        422,
        'unknown_unit',
        /^单位名录中没有所选单位，请从列表中重新选择单位。$/,
      ],
      [
        'the role already waits',
        'POST',
        '/admin/users/wang/roles',
        { role: 'unit_reporter' },
        admin,
        409,
        'role_pending',
        /^账户“wang”的单位填报人角色已在等待督查办审批，请勿重复申请。$/,
      ],
      [
        'the last administrator',
        'DELETE',
        '/admin/users/admin-01/roles/administrator',
        undefined,
        admin,
        409,
        'last_administrator',
        /最后一位在用的系统管理员.*请先为另一个账户授予系统管理员角色/,
      ],
      [
        'a role not held',
        'DELETE',
        '/admin/users/wang/roles/leadership',
        undefined,
        admin,
        409,
        'role_not_held',
        /^账户“wang”没有领导小组角色，无需撤销。$/,
      ],
      [
        'the own account disabled',
        'POST',
        '/admin/users/admin-01/disable',
        undefined,
        admin,
        403,
        'own_account_disable',
        /不能停用自己的账户.*另一位系统管理员/,
      ],
      [
        'no such account',
        'POST',
        '/admin/users/nobody/enable',
        undefined,
        admin,
        404,
        'no_account',
        /^找不到账户“nobody”/,
      ],
      [
        'enabled already',
        'POST',
        '/admin/users/wang/enable',
        undefined,
        admin,
        409,
        'not_disabled',
        /^账户“wang”未停用，无需启用。$/,
      ],
      [
        'a wrong current password',
        'PUT',
        '/auth/me/password',
        { currentPassword: 'not my password', password: 'a brand new pass phrase' },
        admin,
        403,
        'current_password_wrong',
        /^当前密码不正确，请重新填写。/,
      ],
      [
        'a new password holding the user id',
        'PUT',
        '/auth/me/password',
        { currentPassword: TEST_PASSWORD, password: 'i am admin-01 indeed' },
        admin,
        422,
        'password_contains_user_id',
        /不能包含用户名“admin-01”/,
      ],
      [
        'no such request',
        'POST',
        '/role-requests/req-99/approve',
        undefined,
        supervisionOffice,
        404,
        'no_pending_request',
        /^找不到这项待审批的角色申请/,
      ],
    ]
    const before = await head()
    for (const [what, method, path, body, headers, status, rule, chinese] of cases) {
      const english = await api.request(method, path, { headers, ...(body && { body }) })
      t.equal(english.status, status, `${what}: ${english.status} ${english.text}`)
      t.match(english.headers.get('content-type'), /problem\+json/)
      t.match(english.body, { details: { rule } }, `${what}: the rule named`)
      t.notMatch(
        (english.body as { detail: string }).detail,
        /[\u4e00-\u9fff]/,
        `${what}: English by default`,
      )
      const answer = await api.request(method, path, {
        headers: { ...headers, ...zh },
        ...(body && { body }),
      })
      t.equal(answer.status, status)
      t.match(
        (answer.body as { detail: string }).detail,
        chinese,
        `${what}: ${(answer.body as { detail: string }).detail}`,
      )
    }
    t.equal(await head(), before, 'nothing written')

    const weak = await api.request('PUT', '/admin/users/wang/password', {
      headers: { ...admin, ...zh },
      body: { password: 'my-wang-password' },
    })
    t.equal(weak.status, 422)
    t.match(
      weak.body,
      { errors: [{ field: 'password', message: '新密码不能包含用户名“wang”，请换一个密码。' }] },
      'a rule about one field is given as that field’s message too',
    )
    const badId = await api.request('POST', '/admin/users', {
      headers: { ...admin, ...zh },
      body: account('Wang Wu'),
    })
    t.equal(badId.status, 400)
    t.match(
      (badId.body as { detail: string }).detail,
      '用户名只能用小写英文字母、数字和“.”“_”“-”，并以字母或数字开头',
      'a user id the schema refuses: what it may hold',
    )

    // A second person decides a role request: the one who asked cannot, even holding the office's role.
    const asked = await api.request('POST', '/admin/users', { headers: both, body: account('zhao') })
    t.equal(asked.status, 201)
    const requestId = (asked.body as { requested: { requestId: string }[] }).requested[0]!.requestId
    const own = await api.request('POST', `/role-requests/${requestId}/approve`, {
      headers: { ...both, ...zh },
    })
    t.equal(own.status, 403)
    t.match(own.body, {
      details: { rule: 'second_person' },
      detail: /须由第二人审批.*请由督查办的另一位同事办理/,
    })
  },
)

/**
 * 用户管理 and 角色审批 over real HTTP with real sessions (cookies, CSRF): the administrator
 * creates an account and changes it in the page, a role that reads the ledger waits for the
 * supervision office, which approves it on its own page; the administrator reads no ledger page.
 */
import { openSqliteEventStore } from '@duban/eventstore'
import t from 'tap'
import { TEST_PASSWORD } from '../testing/acting-as'
import { LEAD_UNIT, OFFICE_UNIT } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const adminUser = { id: 'admin-web', unitId: OFFICE_UNIT, roles: ['administrator' as const] }
const officeUser = { id: 'ducha-web', unitId: OFFICE_UNIT, roles: ['supervision_officer' as const] }

t.test('the administrator manages accounts in the page; the office approves a reading role', async (t) => {
  const api = await startTestServer(t)
  const admin = await webSession(api, adminUser)
  t.equal(admin.location, '/w/admin/users', 'then the administrator lands on 用户管理')
  const listed = await admin.get('/w/admin/users')
  t.equal(listed.status, 200)
  t.match(listed.text, /新建账户/)

  const created = await admin.post('/w/admin/users', {
    _csrf: csrfOf(listed.text),
    userId: 'sun',
    displayName: '孙卫东',
    unitId: OFFICE_UNIT,
    roles: 'leadership',
    password: TEST_PASSWORD,
  })
  t.equal(created.status, 303, created.text)
  const after = await admin.get(created.headers.get('location')!)
  t.match(after.text, /sun 的领导小组角色待督查办审批（申请第1号）/)
  t.match(after.text, /<tr data-user="sun"><td>sun<\/td><td>孙卫东<\/td>/)

  // Its only role waits for approval: the account signs in to nothing yet, and is told why.
  const login = await api.request('GET', '/login')
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
  const pendingSignIn = await api.request('POST', '/login', {
    rawBody: new URLSearchParams({
      _csrf: csrfOf(login.text),
      userId: 'sun',
      password: TEST_PASSWORD,
    }).toString(),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  })
  t.equal(pendingSignIn.status, 403)
  t.match(pendingSignIn.text, /角色申请待督查办审批/)
  t.same(
    pendingSignIn.headers.getSetCookie().filter((line) => line.startsWith('duban_session=')),
    [],
    'no session',
  )

  t.equal((await admin.get('/w/office/role-requests')).status, 403, 'then the administrator cannot approve')
  t.equal((await admin.get('/w/office/overdue')).status, 403, 'nor read a ledger page')

  const office = await webSession(api, officeUser)
  const requests = await office.get('/w/office/role-requests')
  t.equal(requests.status, 200)
  t.match(
    requests.text,
    /<tr data-request="req-1"><td>第1号<\/td><td>孙卫东（sun）<\/td><td>市政府办公厅<\/td><td>领导小组<\/td><td>admin-web<\/td>/,
  )
  const approved = await office.post('/w/office/role-requests/req-1/approve', {
    _csrf: csrfOf(requests.text),
  })
  t.equal(approved.status, 303)
  const done = await office.get(approved.headers.get('location')!)
  t.match(done.text, /sun 已获领导小组角色/)
  t.match(done.text, /没有待审批的角色申请/)
  t.equal((await api.users.get('sun'))?.roles[0], 'leadership')

  const page = () => admin.get('/w/admin/users')
  const granted = await admin.post('/w/admin/users/sun/roles', {
    _csrf: csrfOf((await page()).text),
    role: 'administrator',
  })
  t.match(
    (await admin.get(granted.headers.get('location')!)).text,
    /sun 已获系统管理员角色/,
    'then a role that reads nothing is granted at once',
  )
  const revoked = await admin.post('/w/admin/users/sun/roles/revoke', {
    _csrf: csrfOf((await page()).text),
    role: 'leadership',
  })
  t.match((await admin.get(revoked.headers.get('location')!)).text, /sun 的领导小组角色已撤销/)
  const disabled = await admin.post('/w/admin/users/sun/disable', { _csrf: csrfOf((await page()).text) })
  const disabledPage = await admin.get(disabled.headers.get('location')!)
  t.match(disabledPage.text, /账户 sun 已停用/)
  t.match(disabledPage.text, /<td>已停用<\/td>/)
  t.equal(await api.users.authenticate('sun', TEST_PASSWORD), undefined)
  await admin.post('/w/admin/users/sun/enable', { _csrf: csrfOf((await page()).text) })
  const reset = await admin.post('/w/admin/users/sun/password', {
    _csrf: csrfOf((await page()).text),
    password: 'a new pass phrase for him',
  })
  t.match((await admin.get(reset.headers.get('location')!)).text, /账户 sun 的密码已重置/)
  t.equal((await api.users.authenticate('sun', 'a new pass phrase for him'))?.id, 'sun')

  const weak = await admin.post('/w/admin/users/sun/password', {
    _csrf: csrfOf((await page()).text),
    password: 'short',
  })
  t.equal(weak.status, 422, 'then a weak password is refused with a page')
  t.match(
    weak.text,
    /data-testid="error-page"[\s\S]*新密码太短：至少 12 个字符/,
    'a Chinese page that says what is wrong',
  )
  const noCsrf = await admin.post('/w/admin/users/sun/disable', {})
  t.equal(noCsrf.status, 403, 'then a form without its CSRF token is refused')
  t.equal((await api.users.get('sun'))?.disabled, undefined, 'and changes nothing')
  const noRole = await admin.post('/w/admin/users', {
    _csrf: csrfOf((await page()).text),
    userId: 'zhou',
    displayName: '周',
    unitId: LEAD_UNIT,
    password: TEST_PASSWORD,
  })
  t.equal(noRole.status, 400, 'then an account needs a role')
  t.equal(await api.users.get('zhou'), undefined)
})

t.test(
  'a refused account change says in Chinese what is wrong, beside its field, the input kept',
  async (t) => {
    const api = await startTestServer(t)
    const both = {
      id: 'both-web',
      unitId: OFFICE_UNIT,
      roles: ['administrator', 'supervision_officer'] as const,
    }
    const admin = await webSession(api, { ...both, roles: [...both.roles] })
    const users = '/w/admin/users'
    const referer = { referer: `${api.url}${users}` }
    const create = async (fields: Record<string, string>) =>
      admin.post(
        users,
        {
          _csrf: csrfOf((await admin.get(users)).text),
          displayName: '孙卫东',
          unitId: LEAD_UNIT,
          roles: 'unit_reporter',
          ...fields,
        },
        referer,
      )
    t.equal(
      (await create({ userId: 'sun', password: TEST_PASSWORD })).status,
      303,
      'sun, awaiting the office',
    )
    const refusedForm = (page: string) => {
      const form = page.slice(page.indexOf('data-testid="create-user"'))
      return form.slice(0, form.indexOf('</form>'))
    }

    const taken = await create({ userId: 'sun', password: TEST_PASSWORD })
    t.equal(taken.status, 409)
    const takenForm = refusedForm(taken.text)
    t.match(
      takenForm,
      /name="userId"[^>]*value="sun"[\s\S]*<span class="field-error"[^>]*data-field="userId">用户名“sun”已被使用，请换一个用户名。<\/span>/,
      'beside the user id',
    )
    t.match(takenForm, /name="displayName"[^>]*value="孙卫东"/, 'the name kept')
    t.match(takenForm, /value="unit_reporter" checked/, 'the role still ticked')
    t.notMatch(takenForm, /name="password"[^>]*value=/, 'the password is never sent back')

    const short = await create({ userId: 'zhou', password: 'too short' })
    t.equal(short.status, 422)
    t.match(
      refusedForm(short.text),
      /data-field="password">新密码太短：至少 12 个字符。/,
      'beside the password',
    )
    t.equal(await api.users.get('zhou'), undefined, 'nothing made')

    // 角色审批: the one who asked for the role does not approve it, even holding the office's role.
    const requests = '/w/office/role-requests'
    const list = await admin.get(requests)
    const own = await admin.post(
      `${requests}/req-1/approve`,
      { _csrf: csrfOf(list.text) },
      { referer: `${api.url}${requests}` },
    )
    t.equal(own.status, 403)
    t.match(own.text, /data-testid="form-error"[\s\S]*须由第二人审批[\s\S]*请由督查办的另一位同事办理/)
    const gone = await admin.post(
      `${requests}/req-9/approve`,
      { _csrf: csrfOf(list.text) },
      { referer: `${api.url}${requests}` },
    )
    t.equal(gone.status, 404)
    t.match(gone.text, /找不到这项待审批的角色申请，它可能已被处理。请刷新页面。/)
    t.same((await api.users.get('sun'))?.roles, [], 'nothing approved')
  },
)

t.test(
  '修改密码: the own password, the current one given; refusals in Chinese, passwords never sent back',
  async (t) => {
    const api = await startTestServer(t)
    const wu = { id: 'wu-web', unitId: LEAD_UNIT, roles: ['unit_reporter' as const] }
    const browser = await webSession(api, wu)
    const elsewhere = await webSession(api, wu)
    const head = async () =>
      ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store
        .headPosition
    const home = await browser.get(`/w/units/${LEAD_UNIT}`)
    t.match(home.text, /<a href="\/w\/me\/password"[^>]*>修改密码<\/a>/, "in the user's menu on every page")
    const path = '/w/me/password'
    const form = await browser.get(path)
    t.equal(form.status, 200)
    const NEW = 'a new pass phrase of mine'
    const change = async (fields: Record<string, string>) =>
      browser.post(
        path,
        { _csrf: csrfOf((await browser.get(path)).text), ...fields },
        { referer: `${api.url}${path}` },
      )
    const before = await head()
    const cases: [string, Record<string, string>, number, string, RegExp][] = [
      [
        'the repetition differs',
        { currentPassword: TEST_PASSWORD, password: NEW, passwordAgain: `${NEW}!` },
        422,
        'passwordAgain',
        /两次填写的新密码不一致/,
      ],
      [
        'the current one is wrong',
        { currentPassword: 'not my password', password: NEW, passwordAgain: NEW },
        403,
        'currentPassword',
        /当前密码不正确，请重新填写。如忘记密码，请联系系统管理员重置。/,
      ],
      [
        'the new one is short',
        { currentPassword: TEST_PASSWORD, password: 'short one', passwordAgain: 'short one' },
        422,
        'password',
        /新密码太短：至少 12 个字符/,
      ],
      [
        'the new one holds the user id',
        { currentPassword: TEST_PASSWORD, password: 'i am wu-web, ok?', passwordAgain: 'i am wu-web, ok?' },
        422,
        'password',
        /新密码不能包含用户名“wu-web”/,
      ],
      [
        'no current one',
        { currentPassword: '', password: NEW, passwordAgain: NEW },
        400,
        'currentPassword',
        /请填写当前密码/,
      ],
    ]
    for (const [what, fields, status, field, message] of cases) {
      const refused = await change(fields)
      t.equal(refused.status, status, `${what}: ${refused.status}`)
      const shown = refused.text.slice(refused.text.indexOf('data-testid="own-password"'))
      t.match(shown, new RegExp(`data-field="${field}">${message.source}`), `${what}: said beside ${field}`)
      t.notMatch(
        shown.slice(0, shown.indexOf('</form>')),
        /type="password"[^>]*value=/,
        `${what}: no password sent back`,
      )
    }
    t.equal(await head(), before, 'nothing written')
    t.equal((await api.users.authenticate(wu.id, TEST_PASSWORD))?.id, wu.id, 'the old password still works')

    const changed = await change({ currentPassword: TEST_PASSWORD, password: NEW, passwordAgain: NEW })
    t.equal(changed.status, 303)
    t.equal(changed.headers.get('location'), `${path}?done=changed`)
    const done = await browser.get(changed.headers.get('location')!)
    t.equal(done.status, 200, 'this browser stays signed in')
    t.match(done.text, /密码已修改。此前在其他浏览器或设备上的登录均已退出。/)
    t.not((await elsewhere.get(`/w/units/${LEAD_UNIT}`)).status, 200, 'the other session is signed out')
    t.equal(await api.users.authenticate(wu.id, TEST_PASSWORD), undefined, 'the old password no longer works')
    t.equal((await api.users.authenticate(wu.id, NEW))?.id, wu.id, 'the new one does')
    const store = openSqliteEventStore({ file: api.file })
    const events = await store.readStream('accounts').finally(() => store.close())
    t.same(
      events.map((e) => [e.type, e.metadata.actor, e.data]),
      [['PasswordSet', wu.id, { userId: wu.id }]],
      'one account event in the log, by the user, without the password',
    )
  },
)

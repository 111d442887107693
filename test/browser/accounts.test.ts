/**
 * 用户管理 in real Chromium against the demo server: the administrator creates a district's
 * reporter in the page, whose role waits for the supervision office; the office approves it on
 * 角色审批; the new reporter signs in to the district's tasks; disabled, the account is shut out.
 */
import t from 'tap'
import { DEMO_PASSWORD, openBrowser, screenshot, signIn, startDemoServer } from './harness'

t.setTimeout(600_000)
const server = await startDemoServer(t)
const { url } = server
const PASSWORD = 'a pass phrase for yuzhong'

t.test(
  'admin creates an account, the office approves its role, the account works, then is disabled',
  async (t) => {
    const { page: admin } = await openBrowser(t)
    await signIn(admin, url, 'admin')
    t.equal(new URL(admin.url()).pathname, '/w/admin/users', 'the administrator lands on 用户管理')
    t.ok(await admin.locator('tr[data-user="ducha"]').count(), 'the demo accounts are listed')
    const form = admin.locator('[data-testid="create-user"]')
    await form.locator('input[name="userId"]').fill('yuzhong-zhou')
    await form.locator('input[name="displayName"]').fill('周琳')
    await form.locator('select[name="unitId"]').selectOption('cq-yuzhong')
    await form.locator('input[name="roles"][value="unit_reporter"]').check()
    await form.locator('input[name="password"]').fill(PASSWORD)
    await Promise.all([admin.waitForURL(/done=/), form.locator('button').click()])
    const done = await admin.textContent('[data-testid="done"]')
    t.match(done, /yuzhong-zhou 的单位填报人角色待督查办审批（申请第\d+号）/)
    await screenshot(admin, 'accounts-1-admin-created')
    const requestId = `req-${/（申请第(\d+)号）/.exec(done ?? '')![1]!}`

    const refused = await admin.goto(`${url}/w/units/cq-yuzhong`)
    t.equal(refused?.status(), 403, 'the administrator reads no ledger page')

    const { page: office } = await openBrowser(t)
    await signIn(office, url, 'ducha')
    await Promise.all([
      office.waitForURL(/role-requests/),
      office.click('header.top nav a:has-text("角色审批")'),
    ])
    const row = office.locator(`tr[data-request="${requestId}"]`)
    t.match(await row.textContent(), /周琳（yuzhong-zhou）渝中区单位填报人系统管理员/)
    await screenshot(office, 'accounts-2-office-approves')
    await Promise.all([office.waitForURL(/done=/), row.locator('button[data-action="approve"]').click()])
    t.match(await office.textContent('[data-testid="done"]'), /yuzhong-zhou 已获单位填报人角色/)

    const { page: reporter } = await openBrowser(t)
    await reporter.goto(`${url}/login`)
    await reporter.fill('input[name="userId"]', 'yuzhong-zhou')
    await reporter.fill('input[name="password"]', PASSWORD)
    await Promise.all([
      reporter.waitForURL((u) => !u.pathname.startsWith('/login')),
      reporter.click('button[type="submit"]'),
    ])
    t.equal(
      new URL(reporter.url()).pathname,
      '/w/units/cq-yuzhong',
      'the new reporter lands on the district’s tasks',
    )
    await screenshot(reporter, 'accounts-3-new-reporter')

    await admin.goto(`${url}/w/admin/users`)
    const account = admin.locator('tr[data-user="yuzhong-zhou"]')
    await account.locator('summary').click()
    await Promise.all([admin.waitForURL(/done=/), account.locator('button:has-text("停用账户")').click()])
    t.match(await admin.textContent('[data-testid="done"]'), /账户 yuzhong-zhou 已停用/)
    await screenshot(admin, 'accounts-4-disabled')
    await reporter.goto(`${url}/w/units/cq-yuzhong`)
    t.match(new URL(reporter.url()).pathname, /^\/login/, 'the disabled account is signed out')
    t.not(DEMO_PASSWORD, PASSWORD)
  },
)

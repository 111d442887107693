/**
 * Refused forms in real Chromium against the real demo server: a wrong password keeps the user
 * id; a report with a blank narrative, then with a program disguised as a PDF, comes back on its
 * page in Chinese with everything typed still there (Chromium names the page it posted from —
 * the Referrer-Policy lets it, to this site only); a real PDF is then reported and linked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { DEMO_PASSWORD, openBrowser, screenshot, signIn, startDemoServer } from './harness'

t.setTimeout(600_000)
const server = await startDemoServer(t)
const { url } = server
const ASSIGNMENT = '/w/units/cq-shangwuwei/tasks/2022-192sktf.t3'
const NARRATIVE = '本季度开展承接产业转移活动3场，签约项目5个。'

t.test('a wrong password: the user id stays, the message is Chinese', async (t) => {
  const { page } = await openBrowser(t)
  await page.goto(`${url}/login`)
  await page.fill('input[name="userId"]', 'swz-tianbao')
  await page.fill('input[name="password"]', `${DEMO_PASSWORD}-wrong`)
  await page.click('button[type="submit"]')
  await page.waitForSelector('[data-testid="form-error"]')
  t.match(await page.textContent('[data-testid="form-error"]'), '用户名或密码不正确')
  t.equal(await page.inputValue('input[name="userId"]'), 'swz-tianbao', 'the user id is kept')
  t.equal(await page.inputValue('input[name="password"]'), '', 'the password is not')
  await screenshot(page, 'forms-login-refused')
})

t.test('the report form: refused in Chinese with the input kept, then reported with a PDF', async (t) => {
  const files = mkdtempSync(path.join(tmpdir(), 'duban-files-'))
  t.teardown(() => rmSync(files, { recursive: true, force: true }))
  const disguised = path.join(files, '活动清单.pdf')
  writeFileSync(disguised, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]))
  const pdf = path.join(files, '签约项目清单.pdf')
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

  const { page } = await openBrowser(t)
  await signIn(page, url, 'swz-tianbao')
  await page.goto(`${url}${ASSIGNMENT}`)
  const form = '[data-testid="report-form"]'
  await page.fill(`${form} textarea[name="narrative"]`, '   ')
  await page.fill(`${form} textarea[name="evidence"]`, '渝商务〔2023〕12号')
  await page.click(`${form} button[type="submit"]`)
  await page.waitForSelector(`${form} [data-testid="form-error"]`)
  t.equal(new URL(page.url()).pathname, `${ASSIGNMENT}/report`, 'the answer to the post')
  t.match(
    await page.textContent(`${form} .field-error[data-field="narrative"]`),
    '请填写进展情况',
    'beside the field',
  )
  t.equal(
    await page.inputValue(`${form} textarea[name="evidence"]`),
    '渝商务〔2023〕12号',
    'the other field kept',
  )
  await screenshot(page, 'forms-report-refused')

  await page.fill(`${form} textarea[name="narrative"]`, NARRATIVE)
  await page.setInputFiles(`${form} input[type="file"]`, disguised)
  await page.click(`${form} button[type="submit"]`)
  await page.waitForSelector(`${form} [data-testid="form-error"]`)
  t.match(
    await page.textContent(`${form} [data-testid="form-error"]`),
    '附件“活动清单.pdf”的内容不是 PDF、图片或 Office 文件',
  )
  t.equal(await page.inputValue(`${form} textarea[name="narrative"]`), NARRATIVE, 'the narrative kept')

  await page.setInputFiles(`${form} input[type="file"]`, pdf)
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('done') === 'report'),
    page.click(`${form} button[type="submit"]`),
  ])
  const link = page.locator('[data-testid="attachments"] a', { hasText: '签约项目清单.pdf' })
  t.equal(await link.count(), 1, 'the report links its file')
  const download = await fetch(new URL((await link.getAttribute('href'))!, url), {
    headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
  })
  t.equal(download.status, 200, 'downloadable with the session')
  t.equal(download.headers.get('content-type'), 'application/pdf')
  await screenshot(page, 'forms-report-with-attachment')
})

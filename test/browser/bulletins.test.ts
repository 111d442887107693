/**
 * 督查通报 and the leadership's drill-down, in real Chromium against the demo server: the office
 * drafts a bulletin, edits its text, publishes it and downloads the Word and web files; the
 * leadership group follows an escalation from the dashboard to the task's history.
 */
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import t from 'tap'
import { openBrowser, screenshot, signIn, startDemoServer } from './harness'

t.setTimeout(600_000)
const server = await startDemoServer(t)
const { url } = server

t.test('office: drafts, edits and publishes a bulletin, then downloads the Word and web files', async (t) => {
  const { page } = await openBrowser(t)
  await signIn(page, url, 'ducha')
  await page.click('header.top nav a:has-text("督查通报")')
  t.equal(new URL(page.url()).pathname, '/w/office/bulletins')
  const draft = page.locator('[data-testid="draft-bulletin"]')
  await draft.locator('input[name="from"]').fill('2023-10-01')
  await draft.locator('input[name="to"]').fill('2023-10-31')
  await draft.locator('input[name="title"]').fill('2023年第三季度督查通报')
  await draft.locator('input[name="docNumber"]').fill('渝府督通〔2023〕11号')
  await Promise.all([page.waitForURL(/done=drafted/), draft.locator('button[type="submit"]').click()])
  t.match(await page.textContent('[data-testid="flash"]'), '通报已起草')
  t.match(await page.textContent('[data-testid="bulletin-status"]'), '草稿')
  await screenshot(page, 'bulletin-1-draft')

  const edit = page.locator('[data-testid="edit-bulletin"]')
  await edit.locator('textarea[name="intro"]').fill('现将2023年第三季度各单位进展报送情况通报如下。')
  await Promise.all([page.waitForURL(/done=edited/), edit.locator('button:has-text("保存")').click()])
  t.match(await page.textContent('[data-testid="flash"]'), '通报文字已保存')
  t.equal(
    await page.inputValue('textarea[name="intro"]'),
    '现将2023年第三季度各单位进展报送情况通报如下。',
    'the edited text is kept',
  )
  const rate = await page.textContent('[data-testid="bulletin-rate"]')
  t.match(rate, /^\d+\.\d%$/, `on-time rate ${rate}`)
  t.ok((await page.locator('[data-testid="bulletin-ranking"] tr[data-unit]').count()) > 10, 'units ranked')

  await Promise.all([
    page.waitForURL(/done=published/),
    page.click('[data-testid="publish-bulletin"] button'),
  ])
  t.match(await page.textContent('[data-testid="bulletin-status"]'), '已印发')
  t.equal(
    await page.locator('[data-testid="edit-bulletin"]').count(),
    0,
    'a published bulletin has no edit form',
  )
  t.equal(
    await page.textContent('[data-testid="bulletin-rate"]'),
    rate,
    'the published figures are the draft’s',
  )
  await screenshot(page, 'bulletin-2-published')

  const [word] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载 Word")')])
  t.match(word.suggestedFilename(), /\.docx$/)
  const docx = readFileSync((await word.path())!)
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string')
  t.match(xml, '2023年第三季度督查通报', 'the Word file has the title')
  t.match(xml, '渝府督通〔2023〕11号', 'and the 文号')
  t.match(xml, '现将2023年第三季度各单位进展报送情况通报如下。', 'and the edited opening')
  t.match(xml, `按时报送率${rate}`, 'and the page’s on-time rate')

  const [web] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载网页")')])
  t.match(web.suggestedFilename(), /\.html$/)
  const html = readFileSync((await web.path())!, 'utf8')
  t.match(html, '<h1>2023年第三季度督查通报</h1>')
  t.match(html, '@page { size: A4')

  await page.goto(`${url}/w/office/bulletins`)
  t.match(await page.textContent('[data-testid="bulletins"]'), '已印发')
  await screenshot(page, 'bulletin-3-list')
})

t.test(
  'leadership: from the dashboard to the escalations awaiting it, then to a task’s history',
  async (t) => {
    const { page } = await openBrowser(t)
    await signIn(page, url, 'lingdao')
    t.equal(new URL(page.url()).pathname, '/w/dashboard')
    t.ok((await page.locator('[data-testid="task-board"] tr[data-task]').count()) > 0, 'the task board')
    t.match(
      await page.textContent('[data-testid="lights-by-unit"]'),
      /\d+\.\d%/,
      'on-time rates beside the lights',
    )
    await screenshot(page, 'leadership-4-task-board')

    await Promise.all([
      page.waitForURL(/\/w\/leadership\/escalations/),
      page.click('[data-testid="escalations-link"]'),
    ])
    t.match(await page.textContent('[data-testid="escalation-counts"]'), /待关注（所涉报送仍未完成）\d+ 次/)
    const first = page.locator('[data-testid="escalations"] tbody tr').first()
    const unit = (await first.locator('td').nth(1).textContent()) ?? ''
    await screenshot(page, 'leadership-5-escalations')
    await Promise.all([
      page.waitForURL(/\/w\/tasks\//),
      first.locator('[data-testid="history-link"]').click(),
    ])
    const history = page.locator('[data-testid="task-history"]')
    t.ok(
      (await history.locator('li[data-type="EscalatedToLeadership"]').count()) > 0,
      'the escalation in its history',
    )
    t.ok(
      (await history.locator('li[data-type="SupervisionNoticeIssued"]').count()) > 0,
      'the notice behind it',
    )
    t.match(await page.textContent('main'), unit, 'the escalated unit’s history')
    t.equal(await page.locator('main form[method="post"]').count(), 0, 'read-only for leadership')
    await screenshot(page, 'leadership-6-task-history')
  },
)

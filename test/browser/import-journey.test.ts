/**
 * The supervision office imports a document received as a GBK text file in real Chromium:
 * upload → the draft beside each item's source → correct an item and the period → confirm.
 */
import t from 'tap'
import { openBrowser, screenshot, signIn, startDemoServer } from './harness'

/** GB18030 bytes of a plan in a layout other than the example's: 牵头/配合 labels, no period. */
const PLAN = [
  '重庆市推进外贸企业培育工作方案',
  '一、重点任务',
  '1.培育外贸主体。到2025年培育外贸企业100家。（牵头单位：市商务委；配合单位：市经济信息委）',
  '2.优化口岸服务。（市商务委负责，长期坚持）',
].join('\n')

function gbk(text: string): Buffer {
  // Node's TextDecoder knows gb18030 but not the encoder; build the bytes with a reverse table.
  const table = new Map<string, number[]>()
  const decoder = new TextDecoder('gb18030')
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      const ch = decoder.decode(new Uint8Array([lead, trail]))
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail])
    }
  const bytes: number[] = []
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    if (code < 0x80) bytes.push(code)
    else {
      const pair = table.get(ch)
      if (!pair) throw new Error(`no GBK code for ${ch}`)
      bytes.push(...pair)
    }
  }
  return Buffer.from(bytes)
}

t.setTimeout(600_000)
const server = await startDemoServer(t)

t.test('office: upload a GBK file, correct an item and the period, confirm', async (t) => {
  const { page } = await openBrowser(t)
  await signIn(page, server.url, 'ducha')
  await page.goto(`${server.url}/w/office/import`)
  await page.setInputFiles('[data-testid="import-file-form"] input[type="file"]', {
    name: 'plan.txt',
    mimeType: 'text/plain',
    buffer: gbk(PLAN),
  })
  await Promise.all([
    page.waitForURL(/\/w\/office\/drafts\//),
    page.click('[data-testid="import-file-form"] button'),
  ])
  const items = page.locator('[data-testid="draft-items"]')
  t.match(await items.textContent(), '培育外贸主体')
  t.match(await page.textContent('[data-testid="plan-period"]'), '未写明')
  await screenshot(page, 'office-5-import-review')

  const edit = page.locator('[data-testid="edit-item"]').nth(1)
  await edit.locator('summary').click()
  await edit.locator('input[name="coUnits"]').fill('重庆海关')
  await edit.locator('textarea[name="targets"]').fill('≤5个工作日 2025')
  await Promise.all([page.waitForLoadState(), edit.locator('button[value="save"]').click()])
  t.match(await items.textContent(), '重庆海关')
  t.match(await items.textContent(), '≤5个工作日 2025')

  const period = page.locator('[data-testid="period-form"]')
  await period.locator('input[name="from"]').fill('2024')
  await period.locator('input[name="to"]').fill('2025')
  await Promise.all([page.waitForLoadState(), period.locator('button').click()])
  t.match(await page.textContent('[data-testid="plan-period"]'), '2024—2025年')
  await screenshot(page, 'office-6-import-corrected')

  await Promise.all([page.waitForLoadState(), page.click('button:has-text("确认并写入台账")')])
  t.match(await page.textContent('.flash'), '草稿已确认并写入台账')
})

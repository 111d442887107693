// The draft page over real HTTP with a signed-in office session: upload a .docx, review, correct
// (lead, co-units, districts, deadline, targets, drop, add, period), confirm an alias, confirm.
import { Document, Packer, Paragraph } from 'docx'
import t from 'tap'
import { OFFICE_UNIT } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const PLAN = [
  '某区2024年重点工作分工方案',
  '一、重点任务',
  '1.推进外贸企业培育。到2024年培育外贸企业100家。（责任单位：市工信局、市商务委）',
  '2.优化口岸服务。（牵头单位：市商务委；配合单位：重庆海关，各区县（自治县）政府）',
  '3.加强宣传。',
]
const office = { id: 'ducha-01', unitId: OFFICE_UNIT, roles: ['supervision_officer' as const] }
const draftIdOf = (location: string | null) =>
  /\/w\/office\/drafts\/([0-9a-f-]+)/.exec(location ?? '')?.[1] ?? ''

t.test('office: upload a .docx, correct the draft in the page, remember an alias, confirm', async (t) => {
  const api = await startTestServer(t)
  const browser = await webSession(api, office)
  const form = await browser.get('/w/office/import')
  t.match(form.text, 'enctype="multipart/form-data"')

  const docx = await Packer.toBuffer(
    new Document({ sections: [{ children: PLAN.map((line) => new Paragraph(line)) }] }),
  )
  const upload = new FormData()
  upload.set('_csrf', csrfOf(form.text))
  upload.set('file', new Blob([new Uint8Array(docx)]), 'plan.docx')
  const uploaded = await fetch(`${api.url}/w/office/import`, {
    method: 'POST',
    body: upload,
    headers: { cookie: browser.cookie() },
    redirect: 'manual',
  })
  t.equal(uploaded.status, 303, await uploaded.clone().text())
  const draftPath = uploaded.headers.get('location') ?? ''
  const draftId = draftIdOf(draftPath)
  t.ok(draftId, 'redirected to the draft')

  let page = await browser.get(draftPath)
  t.match(page.text, '市工信局（名录中未找到）', 'the unknown unit is kept and flagged')
  t.match(page.text, '推进外贸企业培育', 'the item')
  t.match(page.text, /data-testid="item-source">1\.推进外贸企业培育/, 'its source text beside it')
  t.match(page.text, '未写明责任单位的段落（1', 'item 3 stays as context')
  t.match(page.text, '未写明', 'the period is not stated: the office sets it')

  const csrf = () => csrfOf(page.text)
  const planId = /name="planId" value="([^"]+)"/.exec(page.text)?.[1] ?? ''
  let answer = await browser.post(`/w/office/drafts/${draftId}/period`, {
    _csrf: csrf(),
    planId,
    from: '2024',
    to: '2025',
  })
  t.equal(answer.status, 303)
  page = await browser.get(draftPath)
  t.match(page.text, '2024—2025年')

  answer = await browser.post(`/w/office/drafts/${draftId}/items`, {
    _csrf: csrf(),
    planId,
    itemId: 't2',
    action: 'save',
    lead: '市商务委',
    coUnits: '重庆海关、市财政局',
    allDistricts: '1',
    due: '2024-06-30',
    cadence: '',
    targets: '≥3个 2024',
  })
  t.equal(answer.status, 303)
  page = await browser.get(draftPath)
  t.match(page.text, '2024-06-30')
  t.match(page.text, '市财政局')

  const bad = await browser.post(`/w/office/drafts/${draftId}/items`, {
    _csrf: csrf(),
    planId,
    itemId: 't2',
    action: 'save',
    lead: '市商务委',
    targets: '很多很多',
  })
  t.equal(bad.status, 422)
  t.match(bad.text, '目标“很多很多”无法识别', 'a bad correction is refused in Chinese, nothing saved')

  answer = await browser.post(`/w/office/drafts/${draftId}/add`, {
    _csrf: csrf(),
    planId,
    title: '新增的任务',
    lead: '市商务委',
    coUnits: '',
  })
  t.equal(answer.status, 303)
  answer = await browser.post(`/w/office/drafts/${draftId}/items`, {
    _csrf: csrf(),
    planId,
    itemId: 't2',
    action: 'drop',
  })
  t.equal(answer.status, 303)
  page = await browser.get(draftPath)
  t.match(page.text, '新增的任务')
  t.notMatch(page.text, '优化口岸服务', 'item 2 dropped')

  // 市工信局 is another name of 市经济信息委: confirmed once, it resolves now and in the next import.
  t.match(page.text, 'data-testid="aliases"')
  answer = await browser.post(`/w/office/drafts/${draftId}/aliases`, {
    _csrf: csrf(),
    name: '市工信局',
    unitId: 'cq-jingjixinxiwei',
  })
  t.equal(answer.status, 303)
  page = await browser.get(draftPath)
  t.notMatch(page.text, '市工信局（名录中未找到）')
  const again = await browser.post('/w/office/import', { _csrf: csrf(), text: PLAN.join('\n') })
  const next = await browser.get(again.headers.get('location') ?? '')
  t.notMatch(next.text, '市工信局（名录中未找到）', 'the next import knows the alias')

  const confirmed = await browser.post(`/w/office/drafts/${draftId}/confirm`, { _csrf: csrf() })
  t.equal(confirmed.status, 303, confirmed.text.slice(0, 600))
  page = await browser.get(draftPath)
  t.match(page.text, '草稿已确认并写入台账')
  t.notMatch(page.text, 'data-testid="edit-item"', 'a confirmed draft is not editable')
})

t.test('bad files get a clear message on the page and make no draft', async (t) => {
  const api = await startTestServer(t)
  const browser = await webSession(api, office)
  const form = await browser.get('/w/office/import')
  const upload = new FormData()
  upload.set('_csrf', csrfOf(form.text))
  upload.set(
    'file',
    new Blob([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])]),
    'old.doc',
  )
  const refused = await fetch(`${api.url}/w/office/import`, {
    method: 'POST',
    body: upload,
    headers: { cookie: browser.cookie() },
    redirect: 'manual',
  })
  t.equal(refused.status, 422)
  t.match(await refused.text(), '无法读取该文件。请另存为 .docx 或 .txt 后再导入。')
  const large = new FormData()
  large.set('_csrf', csrfOf(form.text))
  large.set('file', new Blob([new Uint8Array(50 * 1024 * 1024)]), 'huge.txt')
  const tooLarge = await fetch(`${api.url}/w/office/import`, {
    method: 'POST',
    body: large,
    headers: { cookie: browser.cookie() },
    redirect: 'manual',
  })
  t.equal(tooLarge.status, 413, 'a 50 MB file is refused')
  t.match(await tooLarge.text(), '提交的内容或文件超过大小上限')
  const noUnits = await browser.post('/w/office/import', {
    _csrf: csrfOf(form.text),
    text: '某某工作方案\n一、重点任务\n1.做好工作。',
  })
  t.equal(noUnits.status, 422)
  t.match(noUnits.text, '各项任务都没有写明责任单位')
})

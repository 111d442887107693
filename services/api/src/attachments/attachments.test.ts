/**
 * Evidence files over real HTTP on a real SQLite ledger: uploaded with the report form (and the
 * API), recorded by hash in the event, stored once under `<data-dir>/attachments/<sha256>`,
 * downloaded by those who may read the report and refused to another unit; too large (413) or
 * not a PDF, image or Office file (415, by content, whatever the name) writes nothing at all.
 */
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { setTimeout } from 'node:timers/promises'
import { Document, Packer, Paragraph } from 'docx'
import t, { type Test } from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from '../testing/fixtures'
import { startTestServer, type TestServer } from '../testing/test-server'
import { csrfOf, webSession } from '../testing/web-session'

const TASK = taskBody.taskId
const lead = { id: 'att-reporter', unitId: LEAD_UNIT, roles: ['unit_reporter' as const] }
const district = { id: 'att-yuzhong', unitId: 'cq-yuzhong', roles: ['unit_reporter' as const] }
const leader = { id: 'att-leader', unitId: 'cq-zhengfubangongting', roles: ['leadership' as const] }
const assignmentPage = `/w/units/${LEAD_UNIT}/tasks/${TASK}`
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
// A 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function given(t: Test): Promise<TestServer> {
  const api = await startTestServer(t)
  const ok = async (p: string, body: unknown, headers = supervisionOffice) =>
    t.ok((await api.request('POST', p, { body, headers })).status < 300, p)
  await ok('/plans', planBody)
  await ok('/tasks', { ...taskBody, allDistricts: true })
  await ok(`/tasks/${TASK}/assignments`, { unitId: LEAD_UNIT, role: 'lead' })
  await ok(`/tasks/${TASK}/assignments`, { unitId: 'cq-yuzhong', role: 'district' })
  await ok(`/tasks/${TASK}/assignments/${LEAD_UNIT}/acknowledge`, {}, unitUser(LEAD_UNIT))
  return api
}

const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition
const storedFiles = (api: TestServer) => readdirSync(path.join(api.dataDir, 'attachments'))

/** The report form posted as a browser does: multipart, with the page as referer. */
async function postReport(
  api: TestServer,
  browser: Awaited<ReturnType<typeof webSession>>,
  files: [Buffer, string][],
) {
  const form = new FormData()
  form.set('_csrf', csrfOf((await browser.get(assignmentPage)).text))
  form.set('narrative', '本季度新认定聚集区2个，清单见附件。')
  for (const [bytes, name] of files) form.append('attachments', new Blob([new Uint8Array(bytes)]), name)
  return fetch(`${api.url}${assignmentPage}/report`, {
    method: 'POST',
    body: form,
    headers: { cookie: browser.cookie(), referer: `${api.url}${assignmentPage}` },
    redirect: 'manual',
  })
}

const download = async (api: TestServer, user: typeof lead | typeof district | typeof leader, hash: string) =>
  fetch(`${api.url}/tasks/${TASK}/assignments/${LEAD_UNIT}/attachments/${hash}`, {
    headers: { authorization: `Bearer ${await api.tokenFor(user)}` },
  })

t.test(
  'given the report form, when a unit reports with files, then the event records each hash and the files are stored once',
  async (t) => {
    const api = await given(t)
    const browser = await webSession(api, lead)
    const docx = Buffer.from(
      await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('清单')] }] })),
    )
    const before = await head(api)
    const reported = await postReport(api, browser, [
      [pdf, '聚集区认定清单.pdf'],
      [png, '现场照片.png'],
      [docx, '说明.docx'],
      [pdf, '同一文件再传一次.pdf'],
    ])
    t.equal(reported.status, 303, 'reported')
    t.equal(await head(api), before + 1, 'one event')

    const history = await api.request('GET', `/tasks/${TASK}`, { headers: supervisionOffice })
    const event = (
      history.body as { history: { type: string; data: { attachments?: unknown[] } }[] }
    ).history.find((e) => e.type === 'ProgressReportSubmitted')
    t.match(event?.data.attachments, [
      { sha256: sha256(pdf), name: '聚集区认定清单.pdf', mediaType: 'application/pdf', size: pdf.length },
      { sha256: sha256(png), name: '现场照片.png', mediaType: 'image/png', size: png.length },
      {
        sha256: sha256(docx),
        mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      { sha256: sha256(pdf), name: '同一文件再传一次.pdf' },
    ])
    t.same(
      storedFiles(api).sort(),
      [sha256(pdf), sha256(png), sha256(docx)].sort(),
      'stored by hash, the same bytes once',
    )

    const page = await browser.get(assignmentPage)
    t.match(
      page.text,
      `/tasks/${TASK}/assignments/${LEAD_UNIT}/attachments/${sha256(pdf)}`,
      'the page links each file',
    )
    t.match(page.text, '现场照片.png')

    for (const who of [lead, leader]) {
      const file = await download(api, who, sha256(pdf))
      t.equal(file.status, 200, `${who.id} may download`)
      t.equal(file.headers.get('content-type'), 'application/pdf')
      t.match(file.headers.get('content-disposition'), /^attachment; filename=.*filename\*=UTF-8''/)
      t.equal(file.headers.get('content-length'), String(pdf.length), 'its size said before it streams')
      t.same(Buffer.from(await file.arrayBuffer()), pdf, 'byte for byte')
    }
    const office = await fetch(
      `${api.url}/tasks/${TASK}/assignments/${LEAD_UNIT}/attachments/${sha256(png)}`,
      {
        headers: {
          authorization: `Bearer ${await api.tokenFor({ id: 'ducha-01', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer'] })}`,
        },
      },
    )
    t.equal(office.status, 200, 'the office may download')
    t.equal((await download(api, district, sha256(pdf))).status, 403, 'another unit may not')
    // A file cited by another unit's report is not reachable through this one's assignment.
    const elsewhere = await fetch(
      `${api.url}/tasks/${TASK}/assignments/cq-yuzhong/attachments/${sha256(pdf)}`,
      {
        headers: { authorization: `Bearer ${await api.tokenFor(district)}` },
      },
    )
    t.equal(elsewhere.status, 404, 'nor through its own assignment, whose reports do not cite it')
    t.equal((await download(api, lead, 'f'.repeat(64))).status, 404, 'a hash no report cites: 404')
  },
)

t.test(
  'given ten large files on the report form, then each goes to a temporary file as it arrives, and none is left after',
  async (t) => {
    // The server runs in this process: its uploads go to this test's own temporary directory.
    const temporary = t.testdir()
    const tmpdirBefore = process.env['TMPDIR']
    process.env['TMPDIR'] = temporary
    t.teardown(() => {
      if (tmpdirBefore === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = tmpdirBefore
    })
    const api = await given(t)
    const browser = await webSession(api, lead)
    const files = Array.from({ length: 10 }, (_, i): [Buffer, string] => [
      Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024, i)]),
      `清单${i + 1}.pdf`,
    ])
    const reported = await postReport(api, browser, files)
    t.equal(reported.status, 303, await reported.text())
    t.same(
      storedFiles(api).sort(),
      files.map(([bytes]) => sha256(bytes)).sort(),
      'each stored under the hash of its bytes, hashed as they streamed in',
    )
    const uploads = () => readdirSync(temporary).filter((name) => name.startsWith('duban-upload-'))
    // Removed when the response has been sent (the multipart plugin's onResponse), just after the client reads it.
    const gone = async () => {
      for (let wait = 0; wait < 50 && uploads().length > 0; wait++) await setTimeout(100)
      return uploads()
    }
    t.same(await gone(), [], 'the temporary files are gone once the answer is sent')
    const tooLarge = await postReport(api, browser, [
      [pdf, '清单.pdf'],
      [Buffer.concat([pdf, Buffer.alloc(21 * 1024 * 1024)]), '大文件.pdf'],
    ])
    t.equal(tooLarge.status, 413)
    t.same(await gone(), [], 'a refused upload leaves none either')
  },
)

t.test(
  'given the report form, when a file is too large or not a PDF, image or Office file, then nothing is written',
  async (t) => {
    const api = await given(t)
    const browser = await webSession(api, lead)
    const before = await head(api)
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])
    const wrongType = await postReport(api, browser, [
      [pdf, '清单.pdf'],
      [program, '伪装成清单.pdf'],
    ])
    t.equal(wrongType.status, 415, 'refused by content, whatever the name')
    const refused = await wrongType.text()
    t.match(refused, '附件“伪装成清单.pdf”的内容不是 PDF、图片或 Office 文件')
    t.match(refused, '本季度新认定聚集区2个，清单见附件。', 'the narrative is kept on the form')
    t.match(refused, '附件需重新选择后再提交')
    const text = await postReport(api, browser, [[Buffer.from('只是一段文字'), '说明.docx']])
    t.equal(text.status, 415)

    const tooLarge = await postReport(api, browser, [
      [Buffer.concat([pdf, Buffer.alloc(21 * 1024 * 1024)]), '大文件.pdf'],
    ])
    t.equal(tooLarge.status, 413)
    t.match(await tooLarge.text(), '提交的内容或文件超过大小上限')

    t.equal(await head(api), before, 'no event')
    t.same(storedFiles(api), [], 'no file')
  },
)

t.test(
  'given the API, when a file is uploaded and cited by hash, then the report carries it; a hash never uploaded is refused',
  async (t) => {
    const api = await given(t)
    const bearer = { authorization: `Bearer ${await api.tokenFor(lead)}` }
    const upload = async (bytes: Buffer, name: string, headers: Record<string, string> = {}) => {
      const form = new FormData()
      form.set('file', new Blob([new Uint8Array(bytes)]), name)
      return fetch(`${api.url}/tasks/${TASK}/assignments/${LEAD_UNIT}/attachments`, {
        method: 'POST',
        body: form,
        headers: { ...bearer, ...headers },
      })
    }
    const uploaded = await upload(png, 'photo.png')
    t.equal(uploaded.status, 201)
    const attachment = (await uploaded.json()) as Record<string, unknown>
    t.same(attachment, { sha256: sha256(png), name: 'photo.png', mediaType: 'image/png', size: png.length })

    const wrong = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'page.png', {
      'accept-language': 'zh-CN',
    })
    t.equal(wrong.status, 415)
    t.match(await wrong.json(), {
      title: '不支持的文件或内容类型',
      detail: /附件“page\.png”的内容不是 PDF、图片或 Office 文件/,
    })
    t.same(storedFiles(api), [sha256(png)], 'the refused upload stored nothing')

    const report = (reportId: string, attachments: unknown[]) =>
      api.request('POST', `/tasks/${TASK}/assignments/${LEAD_UNIT}/reports`, {
        body: { reportId, narrative: '见附件。', attachments },
        headers: { ...unitUser(LEAD_UNIT), 'accept-language': 'zh-CN' },
      })
    const before = await head(api)
    const never = await report('r-never', [{ ...attachment, sha256: 'e'.repeat(64) }])
    t.equal(never.status, 422)
    t.match(never.body, { detail: '附件“photo.png”尚未上传，请先上传文件再报送。' })
    const disguised = await report('r-html', [{ ...attachment, mediaType: 'application/pdf' }])
    t.equal(disguised.status, 422, 'a file cited as another type than its bytes are')
    const resized = await report('r-size', [{ ...attachment, size: png.length + 1 }])
    t.equal(resized.status, 422, 'or with another size than it has')
    t.equal(await head(api), before, 'nothing written')
    t.equal((await report('r1', [attachment])).status, 201)
    const file = await download(api, lead, sha256(png))
    t.equal(file.status, 200)
    t.equal(file.headers.get('content-type'), 'image/png')
  },
)

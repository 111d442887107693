// File formats, each built for real in the test: GBK and Big5 bytes (iconv-lite), a .docx (the
// `docx` package), a text PDF (Debian chromium printing an HTML page), a scanned PDF (pdf-lib,
// one image and no text), an .html page saved from a government site.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx'
import iconv from 'iconv-lite'
import { PDFDocument, rgb } from 'pdf-lib'
import t from 'tap'
import { importOptionsFor, loadCorpus, scoreDocument } from './corpus/index'
import { documentText, MAX_BYTES } from './formats/index'
import { importDocument } from './parse'

const corpus = loadCorpus()
const doc = (id: string) => {
  const found = corpus.find((d) => d.id === id)
  if (!found) throw new Error(`no corpus document ${id}`)
  return found
}
/** Imports a file's bytes and scores the draft against the document's expectation. */
async function scoreFile(bytes: Uint8Array, id: string, fileName: string) {
  const { expected } = doc(id)
  const imported = await importDocument(bytes, { ...importOptionsFor(expected), fileName })
  return { imported, score: scoreDocument(imported.draft, expected) }
}

t.test('.txt in GBK (GB18030) and Big5 is detected and reads like UTF-8', async (t) => {
  const lishan = doc('lishan-2023-fengong')
  const gbk = iconv.encode(lishan.text, 'gbk')
  t.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk), 'the bytes are not UTF-8')
  const { imported, score } = await scoreFile(gbk, lishan.id, 'lishan.txt')
  t.equal(imported.encoding, 'GB18030')
  t.equal(score.found, score.expected)
  t.equal(score.leadsExact, score.expected)
  const hubei = doc('hubei-2018-yingshang')
  const big5 = await scoreFile(iconv.encode(hubei.text, 'big5'), hubei.id, 'hubei.txt')
  t.equal(big5.imported.encoding, 'BIG5')
  t.equal(big5.score.leadsExact, big5.score.expected, 'traditional text in Big5')
})

t.test('.docx: paragraphs and a distribution table', async (t) => {
  const xianyang = doc('xianyang-2022-fangguanfu')
  const paragraphs = new Document({
    sections: [{ children: xianyang.text.split('\n').map((line) => new Paragraph(line)) }],
  })
  const { score } = await scoreFile(await Packer.toBuffer(paragraphs), xianyang.id, 'x.docx')
  t.equal(score.found, score.expected, 'paragraph items')
  t.equal(score.leadsExact, score.expected)

  // The Guangzhou table as a Word table: header row and item rows with cells.
  const guangzhou = doc('guangzhou-2021-fengong')
  const lines = guangzhou.text.split('\n')
  const tableStart = lines.findIndex((line) => line.startsWith('序号'))
  const rows = lines.slice(tableStart).filter((line) => line.trim() !== '')
  const width = (rows[0] ?? '').split('\t').length
  const table = new Table({
    rows: rows.map(
      (row) =>
        new TableRow({
          children: Array.from(
            { length: width },
            (_, i) => new TableCell({ children: [new Paragraph(row.split('\t')[i] ?? '')] }),
          ),
        }),
    ),
  })
  const withTable = new Document({
    sections: [{ children: [...lines.slice(0, tableStart).map((line) => new Paragraph(line)), table] }],
  })
  const tableScore = await scoreFile(await Packer.toBuffer(withTable), guangzhou.id, 'g.docx')
  t.equal(tableScore.score.found, tableScore.score.expected, 'table rows are items')
  t.equal(tableScore.score.coExact, tableScore.score.expected, 'co-units from the table cells')
})

t.test('.html saved from a government site: chrome stripped, the text read', async (t) => {
  const sichuan = doc('sichuan-2022-liutong')
  const body = sichuan.text
    .split('\n')
    .map((line) => `<p style="text-indent:2em">${line}</p>`)
    .join('\n')
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>四川省发展和改革委员会</title>
<script>var _hmt = []; function nav(){ return "一、首页（责任单位：网站）" }</script><style>.nav{color:red}</style></head>
<body><div class="header"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | 1.网站地图（责任单位：办公室）</div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="TRS_Editor">${body}</div>
<div class="share">分享到：微信 微博</div><div id="footer">主办：四川省发展和改革委员会 版权所有 1.备案号（责任单位：技术处）</div></body></html>`
  const { imported, score } = await scoreFile(new TextEncoder().encode(page), sichuan.id, 'page.html')
  t.equal(imported.format, 'html')
  t.notMatch(imported.text, /首页|分享到|版权所有|_hmt/, 'no page chrome')
  t.equal(score.found, score.expected)
  t.equal(score.extra, 0)
  t.equal(score.leadsExact, score.expected)
})

t.test(
  'a text PDF printed by chromium reads; a scanned PDF gets a clear message',
  { skip: !existsSync('/usr/bin/chromium') && 'Debian chromium is not installed' },
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-pdf-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const huaian = doc('huaian-2022-wenzengzhang')
    const html = path.join(dir, 'doc.html')
    writeFileSync(
      html,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC",serif;font-size:12pt} p{margin:0 0 6pt 0}</style></head><body>${huaian.text
        .split('\n')
        .map((line) => `<p>${line}</p>`)
        .join('')}</body></html>`,
    )
    const pdf = path.join(dir, 'doc.pdf')
    execFileSync(
      '/usr/bin/chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        html,
      ],
      {
        stdio: 'ignore',
        timeout: 60_000,
      },
    )
    const { imported, score } = await scoreFile(readFileSync(pdf), huaian.id, 'doc.pdf')
    t.equal(imported.format, 'pdf')
    t.equal(score.found, score.expected, `items from the PDF's text layer: ${score.misses.join('; ')}`)
    t.equal(score.leadsExact, score.expected)

    const scan = await PDFDocument.create()
    const page = scan.addPage([595, 842])
    page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, color: rgb(0.9, 0.9, 0.85) })
    await t.rejects(importDocument(await scan.save()), { code: 'scanned_pdf', message: /no text layer.*OCR/ })
  },
)

t.test('bad files: empty, too large, a .doc, a zip, binary — each a clear message', async (t) => {
  await t.rejects(documentText(new Uint8Array()), { code: 'empty' })
  const large = new Uint8Array(50 * 1024 * 1024)
  t.ok(large.length > MAX_BYTES)
  await t.rejects(documentText(large), { code: 'too_large', message: /50 MB/ })
  await t.rejects(documentText(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), {
    code: 'unsupported',
    message: /\.doc .*docx/,
  })
  await t.rejects(documentText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4])), {
    code: 'unsupported',
    message: /zip/,
  })
  const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 256)
  await t.rejects(importDocument(noise), { code: 'binary' })
  await t.rejects(importDocument(new TextEncoder().encode('一、总体要求\n1.做好工作。\n2.加强管理。')), {
    code: 'not_a_plan',
  })
  await t.rejects(
    importDocument(new TextEncoder().encode('某某工作方案\n一、重点任务\n1.做好工作。\n2.加强管理。')),
    { code: 'no_units', message: /no responsible units/ },
  )
})

/**
 * 督查通报 and 台账 over the demo ledger, through a real server: the office drafts, edits and
 * publishes two bulletins over HTTP; then the ledger moves on (a reminder, another bulletin)
 * and a published bulletin, regenerated from the log — by the running server and by read
 * models rebuilt from nothing — is byte-identical to what was published. The Word file and the
 * 台账 workbook are read back with independent readers (jszip for the docx XML, SheetJS for the
 * xlsx) and say what the web pages and the /views API say: one ranking, one on-time rate.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { latestCalendar } from '@duban/calendar'
import { bulletinDecider, bulletinStreamId } from '@duban/domain'
import { fixedClock, loadState } from '@duban/ledger'
import { ReadModels } from '@duban/read-models'
import { bulletinsComposing, publishedRules, verifyBulletin } from '@duban/reporting'
import { DEMO_TODAY, embeddedLogFile, openEmbeddedLedger, seedDemoLog } from '@duban/runtime'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from '@duban/units'
import JSZip from 'jszip'
import t from 'tap'
import * as XLSX from 'xlsx'
import { serveLedger } from './serve-ledger'

t.setTimeout(600_000)

const TODAY = DEMO_TODAY.slice(0, 10)
const clock = fixedClock(new Date(DEMO_TODAY))
const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-bulletins-'))
const units = loadChongqingUnits()
const districtsAsOf = (date: string) => units.members(CHONGQING_DISTRICT_GOVERNMENTS, date).map((u) => u.id)
const nameOf = (unitId: string) => units.periodAsOf(unitId, TODAY)?.name ?? unitId

// Given the demo ledger (the example plans lived to 2023-11-15), served by a real server.
await seedDemoLog(embeddedLogFile({ dataDir }), districtsAsOf)
const embedded = openEmbeddedLedger({ dataDir }, clock)
// Bulletins are composed in a worker thread (the last test shows /health and a view answered while
// one is composed); load shedding is on, as in production: the whole-ledger views count from the
// standings kept and make them in slices of the event loop, so no request is shed behind them.
const { url, signIn } = await serveLedger(t, {
  dataDir,
  embedded,
  clock,
  units,
  districtsAsOf,
})

const office = await signIn({ id: 'ducha', displayName: '督查办', roles: ['supervision_officer'] })
const leadership = await signIn({ id: 'lingdao', displayName: '领导小组', roles: ['leadership'] })
const call = async (token: string, method: string, route: string, body?: unknown) => {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return response
}
const ok = async (token: string, method: string, route: string, body?: unknown) => {
  const response = await call(token, method, route, body)
  if (response.status >= 300)
    throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`)
  return response
}
const json = async <T>(token: string, route: string) => (await (await ok(token, 'GET', route)).json()) as T
const bytes = async (token: string, route: string) =>
  Buffer.from(await (await ok(token, 'GET', route)).arrayBuffer())
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

interface Ranked {
  unitId: string
  rank: number
  due: number
  onTime: number
  onTimeRate: number
}
interface Performance {
  asOf: { position: number; date: string }
  overview: {
    due: number
    onTime: number
    late: number
    underReview: number
    missing: number
    onTimeRate: number
  }
  ranking: Ranked[]
  nothingDue: string[]
}
interface Published {
  status: 'published'
  published: {
    asOf: { position: number; date: string }
    digests: { html: string; docx: string }
    listedEscalations: { taskId: string; unitId: string; escalationId: string }[]
  }
}

const Q2 = { from: '2023-07-01', to: '2023-07-31' }
const Q3 = { from: '2023-10-01', to: '2023-10-31' }

// When the office drafts, edits and publishes the 2023-Q2 and then the 2023-Q3 bulletin.
await ok(office, 'POST', '/bulletins', {
  bulletinId: 'tb-2023-q2',
  period: Q2,
  text: { title: '2023年第二季度督查通报', docNumber: '渝府督通〔2023〕7号' },
})
await ok(office, 'POST', '/bulletins/tb-2023-q2/publish')
await ok(office, 'POST', '/bulletins', {
  bulletinId: 'tb-2023-q3',
  period: Q3,
  text: { title: '第三季度通报（草稿）' },
})
await ok(office, 'PUT', '/bulletins/tb-2023-q3/text', {
  title: '2023年第三季度督查通报',
  docNumber: '渝府督通〔2023〕11号',
  intro: '现将2023年第三季度进展报送情况通报如下。',
  closing: '请各单位对照通报抓好整改。',
})
await ok(office, 'POST', '/bulletins/tb-2023-q3/publish')
const q3 = await json<Published>(office, '/bulletins/tb-2023-q3')
const pinned = q3.published.asOf

// The documents as published, downloaded from the API and from the web page's download buttons.
const publishedDocx = await bytes(office, '/bulletins/tb-2023-q3/bulletin.docx')
const publishedHtml = await bytes(office, '/bulletins/tb-2023-q3/bulletin.html')
const webDocx = await bytes(office, '/w/office/bulletins/tb-2023-q3/bulletin.docx')
const webHtml = await bytes(office, '/w/office/bulletins/tb-2023-q3/bulletin.html')

// The 台账 and the figures as of the bulletin's moment, before the ledger moves on.
const performance = await json<Performance>(
  leadership,
  `/views/performance?from=${Q3.from}&to=${Q3.to}&asOf=${pinned.position}`,
)
const cumulative = await json<Performance>(leadership, `/views/performance?from=0000-01-01&to=${TODAY}`)
const workbook = await bytes(leadership, `/exports/ledger.xlsx?asOf=${TODAY}`)
const webWorkbook = await bytes(leadership, '/w/exports/ledger.xlsx')

t.test('a published bulletin regenerates byte for byte after the ledger has moved on', async (t) => {
  t.equal(sha256(publishedDocx), q3.published.digests.docx, 'the .docx served is the one published')
  t.equal(sha256(publishedHtml), q3.published.digests.html, 'the .html served is the one published')
  t.same(webDocx, publishedDocx, 'the web download is the same file')
  t.same(webHtml, publishedHtml)

  // The ledger moves on: a manual reminder and another bulletin drafted and published.
  const someone = performance.ranking.at(-1)!
  const view = await json<{ assignments: { taskId: string }[] }>(
    office,
    `/views/units/${someone.unitId}?limit=1`,
  )
  await ok(office, 'POST', `/tasks/${view.assignments[0]!.taskId}/assignments/${someone.unitId}/reminders`, {
    reminderId: 'after-the-bulletin',
    kind: 'manual',
    message: '请尽快报送。',
  })
  await ok(office, 'POST', '/bulletins', {
    bulletinId: 'tb-2023-oct',
    period: Q3,
    text: { title: '10月专项通报' },
  })
  await ok(office, 'POST', '/bulletins/tb-2023-oct/publish')
  t.ok((await embedded.store.headPosition()) > pinned.position + 3, 'the log has moved past the pin')

  t.same(
    await bytes(office, '/bulletins/tb-2023-q3/bulletin.docx'),
    publishedDocx,
    'docx served again (kept by the desk): identical',
  )
  t.same(
    await bytes(office, '/bulletins/tb-2023-q3/bulletin.html'),
    publishedHtml,
    'html served again: identical',
  )
  const verified = await json<{ ok: boolean }>(office, '/bulletins/tb-2023-q3/verify')
  t.equal(verified.ok, true, 'GET /bulletins/:id/verify renders anew at the pin: identical digests')

  // And from read models rebuilt from nothing but the log.
  const fresh = new ReadModels({
    file: path.join(dataDir, 'fresh-readmodels.sqlite'),
    store: embedded.store,
    workingDays: latestCalendar(),
    today: () => TODAY,
  })
  // In slices (the server shares this thread, with load shedding's event-loop check on).
  await fresh.catchUp({ sliceMs: 50 })
  const { state } = await loadState(embedded.ledger, bulletinDecider, bulletinStreamId('tb-2023-q3'))
  const result = await verifyBulletin(
    fresh,
    state,
    publishedRules(),
    (id, date) => units.periodAsOf(id, date)?.name ?? id,
    { offThread: true },
  )
  await fresh.close()
  t.equal(result.ok, true, 'verified from a fresh replay of the log')
  t.same(result.regenerated, q3.published.digests)

  const draft = await json<{ status: string }>(office, '/bulletins/tb-2023-q3')
  t.equal(draft.status, 'published')
  const refused = await call(office, 'PUT', '/bulletins/tb-2023-q3/text', { title: '改' })
  t.equal(refused.status, 409, 'a published bulletin’s text cannot change')
})

t.test('escalations of the period are marked as listed in the bulletin that listed them', async (t) => {
  const q2 = await json<Published>(office, '/bulletins/tb-2023-q2')
  t.ok(
    q3.published.listedEscalations.length > 0,
    `${q3.published.listedEscalations.length} escalations listed`,
  )
  const escalations = await json<{
    lines: { taskId: string; unitId: string; escalationId: string; on: string; listedIn: string | null }[]
  }>(leadership, '/views/escalations?limit=1000')
  const listedIn = new Map(escalations.lines.map((e) => [`${e.taskId}~${e.unitId}~${e.escalationId}`, e]))
  for (const [bulletinId, bulletin] of [
    ['tb-2023-q2', q2],
    ['tb-2023-q3', q3],
  ] as const)
    for (const e of bulletin.published.listedEscalations) {
      const line = listedIn.get(`${e.taskId}~${e.unitId}~${e.escalationId}`)
      if (line && line.listedIn !== bulletinId)
        t.fail(`${e.escalationId} listed in ${line.listedIn}, not ${bulletinId}`)
    }
  const inQ3 = escalations.lines.filter((e) => e.on >= Q3.from && e.on <= Q3.to)
  t.ok(
    inQ3.every((e) => e.listedIn === 'tb-2023-q3' || e.listedIn === 'tb-2023-q2'),
    'every escalation of the period is listed',
  )
  const oct = await json<Published>(office, '/bulletins/tb-2023-oct')
  t.same(oct.published.listedEscalations, [], 'the later bulletin of the same period lists none again')
})

/** Every `<w:t>` of the document, in order: what Word shows. */
async function docxTexts(docx: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx)
  const xml = await zip.file('word/document.xml')!.async('string')
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
  )
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`

t.test('the Word file reads back with the figures of /views and the web page', async (t) => {
  const zip = await JSZip.loadAsync(publishedDocx)
  t.ok(zip.file('[Content_Types].xml'), 'an OOXML package')
  const core = await zip.file('docProps/core.xml')!.async('string')
  t.match(core, /<dc:title>2023年第三季度督查通报<\/dc:title>/)
  const texts = await docxTexts(publishedDocx)
  t.equal(texts[0], '渝府督通〔2023〕11号', '文号 above the title')
  t.equal(texts[1], '2023年第三季度督查通报')
  t.ok(texts.includes('现将2023年第三季度进展报送情况通报如下。'), 'the edited opening')
  const o = performance.overview
  t.ok(
    texts.some((x) => x.includes(`共有报送义务${o.due}项到期，按时报送${o.onTime}项`)),
    `overview: ${o.due} due, ${o.onTime} on time`,
  )

  // The ranking table: rank, unit, due, on time, late, under review, missing, rate — row by row.
  const start = texts.indexOf('按时报送率', texts.indexOf('名次')) + 1
  const rows: string[][] = []
  for (let i = start; rows.length < performance.ranking.length; i += 8) rows.push(texts.slice(i, i + 8))
  t.same(
    rows.map((r) => [r[0], r[1], r[2], r[3], r[7]]),
    performance.ranking.map((r) => [
      String(r.rank),
      nameOf(r.unitId),
      String(r.due),
      String(r.onTime),
      percent(r.onTimeRate),
    ]),
    'the docx ranking is /views/performance’s, row for row',
  )
  t.ok(
    performance.ranking.some((r, i) => i > 0 && r.rank === performance.ranking[i - 1]!.rank),
    'ties share a rank',
  )

  // The web page of the published bulletin shows the same ranking.
  const page = await (await ok(office, 'GET', '/w/office/bulletins/tb-2023-q3')).text()
  const pageRows = [
    ...page.matchAll(
      /<tr data-unit="([^"]+)"><td>(\d+)<\/td><td>[^<]*<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>([\d.]+%)<\/td>/g,
    ),
  ].map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4]), m[5]])
  t.same(
    pageRows,
    performance.ranking.map((r) => [r.unitId, r.rank, r.due, r.onTime, percent(r.onTimeRate)]),
    'the bulletin page’s ranking is the API’s',
  )
  const html = publishedHtml.toString('utf8')
  t.match(html, /@page \{ size: A4/, 'the printable page is A4')
  t.match(html, `按时报送率${percent(o.onTimeRate)}`)
})

t.test('the web ranking page and the API rank alike', async (t) => {
  const page = await (await ok(leadership, 'GET', `/w/office/performance?from=0000-01-01&to=${TODAY}`)).text()
  const rows = [...page.matchAll(/<tr data-unit="([^"]+)"><td>(\d+)<\/td>.*?<td>([\d.]+%)<\/td><\/tr>/g)].map(
    (m) => [m[1], Number(m[2]), m[3]],
  )
  t.same(
    rows,
    cumulative.ranking.map((r) => [r.unitId, r.rank, percent(r.onTimeRate)]),
    'every unit, its rank and rate',
  )
  t.match(page, `<strong data-testid="performance-rate">${percent(cumulative.overview.onTimeRate)}</strong>`)
})

t.test('the 台账 workbook reads back with SheetJS with the API’s on-time counts', async (t) => {
  t.same(webWorkbook.subarray(0, 2), Buffer.from('PK'), 'the web download is a zip too')
  const book = XLSX.read(workbook, { cellDates: true })
  t.equal(book.SheetNames.length, 4, 'two plans, indicators, escalations')
  t.same(book.SheetNames.slice(2), ['指标', '提级事项'])
  const due = new Map<string, { due: number; onTime: number }>()
  let rows = 0
  for (const name of book.SheetNames.slice(0, 2)) {
    const sheet = book.Sheets[name]!
    t.equal(sheet['!autofilter']?.ref.split(':')[0], 'A1', `${name}: filters on the header`)
    const records = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet)
    rows += records.length
    const first = records[0]!
    t.ok(first['办理期限'] instanceof Date, `${name}: 办理期限 is a date cell`)
    for (const r of records) {
      const unitId = String(r['单位代码'])
      const entry = due.get(unitId) ?? { due: 0, onTime: 0 }
      entry.due += Number(r['到期报送'])
      entry.onTime += Number(r['按时报送'])
      due.set(unitId, entry)
    }
  }
  t.equal(rows, 2_256, 'one row per task × unit')
  const mismatches = cumulative.ranking.filter((r) => {
    const d = due.get(r.unitId)
    return !d || d.due !== r.due || d.onTime !== r.onTime
  })
  t.same(
    mismatches.map((m) => m.unitId),
    [],
    'each unit’s due and on-time counts are the API’s',
  )

  // Frozen header: the sheet XML's pane, read with an independent unzip.
  const zip = await JSZip.loadAsync(workbook)
  const sheet1 = await zip.file('xl/worksheets/sheet1.xml')!.async('string')
  t.match(sheet1, /<pane [^>]*ySplit="1"[^>]*state="frozen"/, 'the header row is frozen')
  t.match(sheet1, /<col [^>]*width="48"/, 'column widths are set')
  const escalations = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['提级事项']!)
  t.ok(
    escalations.some((e) => e['已通报'] === 'tb-2023-q3'),
    'escalations carry the bulletin that listed them',
  )
})

t.test(
  'leadership: escalations awaiting it lead to the task’s history; tasks lit by their lead',
  async (t) => {
    const page = await (await ok(leadership, 'GET', '/w/leadership/escalations')).text()
    const link = /href="(\/w\/tasks\/[^"]+)" data-testid="history-link"/.exec(page)?.[1]
    t.ok(link, 'each escalation links to its task’s history')
    const history = await (await ok(leadership, 'GET', link!.replaceAll('&amp;', '&'))).text()
    t.match(history, 'data-type="EscalatedToLeadership"', 'the history shows the escalation')
    t.match(history, 'data-type="SupervisionNoticeIssued"', 'and the notice before it')

    const board = await (await ok(leadership, 'GET', '/w/dashboard')).text()
    const lights = [
      ...board.matchAll(/<tr data-task="[^"]+"><td>[^<]*<\/td>\s*<td><span class="light light-(\w+)"/g),
    ].map((m) => m[1])
    t.ok(lights.length > 0, 'the task board lists the tasks')
    t.ok(
      lights.filter((l) => l !== 'red').length > lights.length / 2,
      'most tasks are not red for a few silent districts',
    )
    t.match(board, /data-testid="unit-on-time">[\d.]+%/, 'each unit’s on-time rate beside its lights')
  },
)

t.test('while a bulletin is being composed, /health and a view are answered', async (t) => {
  await ok(office, 'POST', '/bulletins', {
    bulletinId: 'tb-while-composing',
    period: { from: '0000-01-01', to: TODAY },
    text: { title: '全程通报（预览）' },
  })
  // A draft's Word file is composed anew on every request (a preview of the whole ledger).
  let composed = false
  const preview = ok(office, 'GET', '/bulletins/tb-while-composing/bulletin.docx').then(async (r) => {
    composed = true
    return Buffer.from(await r.arrayBuffer())
  })
  // This thread keeps turning while the worker composes: it sees the composition under way.
  while (bulletinsComposing() === 0 && !composed) await new Promise((resolve) => setImmediate(resolve))
  t.notOk(composed, 'the composition is under way')
  const health = await fetch(`${url}/health`)
  const healthWhileComposing = bulletinsComposing() > 0
  const view = await call(leadership, 'GET', '/views/escalations?limit=1')
  const viewWhileComposing = bulletinsComposing() > 0
  t.equal(health.status, 200, '/health answered')
  t.ok(healthWhileComposing, '… while the bulletin was still being composed')
  t.equal(view.status, 200, 'a view answered, not shed (503)')
  t.ok(viewWhileComposing, '… while the bulletin was still being composed')
  const docx = await preview
  t.ok((await JSZip.loadAsync(docx)).file('word/document.xml'), 'and the composed Word file is whole')
})

/**
 * Every page each user can reach, on a phone (390×844), in real Chromium against the demo server:
 * the crawl follows every link of every page from the user's home (the first two of each kind of
 * page — one assignment page stands for all 2,000 of a district), and each page must answer 200,
 * show no internal id (unit ids, simulated clerks, notice ids, indicator ids, task ids, form ids)
 * in its visible text, and be no wider than the screen.
 */
import t from 'tap'
import { crawl, RAW_ID_PATTERNS } from './crawl'
import { openBrowser, PHONE, screenshot, signIn, startDemoServer } from './harness'

t.setTimeout(900_000)
const server = await startDemoServer(t)

t.test('the patterns catch the ids of the issue', async (t) => {
  const seen = (text: string) => RAW_ID_PATTERNS.some((p) => p.test(text))
  for (const raw of [
    '由 swz-tianbao / cq-shangwuwei.staff 报送',
    '指标 t12.k1：8',
    '督办单 supervision-notice.20231011.2023-Q3 的答复',
    '2022-192sktf.t5',
    'system:scheduler',
    '市商务委审核人 申请（req-12）',
  ])
    t.ok(seen(raw), raw)
  for (const readable of [
    '督办单〔2023〕第12号',
    '市商务委经办人',
    '第5项 培育外贸主体',
    '2023年第三季度',
    '申请第12号',
  ])
    t.notOk(seen(readable), readable)
})

for (const user of ['swz-shenhe', 'jiangbei-tianbao', 'yuzhong-tianbao', 'ducha', 'lingdao', 'admin']) {
  t.test(`${user}: every reachable page on a phone`, async (t) => {
    const { page } = await openBrowser(t, PHONE)
    await signIn(page, server.url, user)
    const visited = await crawl(page, server.url, {
      // Drafts and bulletins are written by forms, not reached by links from a fresh ledger.
      skip: /\/w\/office\/(drafts|bulletins\/[^/]+\/print)/,
    })
    t.ok(visited.length > 0, `${visited.length} pages`)
    for (const v of visited) {
      t.equal(v.status, 200, `${v.path} answers`)
      t.same(v.rawIds, [], `${v.path}: no internal id in the visible text`)
      t.equal(v.overflow, 0, `${v.path}: no wider than 390 px`)
    }
    await screenshot(page, `phone-crawl-${user}-last`)
  })
}

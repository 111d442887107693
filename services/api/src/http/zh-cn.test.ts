/**
 * The API speaks Chinese when asked: with `Accept-Language: zh-CN` a refusal is still
 * problem+json, with a Chinese title and detail and one Chinese message per field; without it,
 * English as before. The web pages use the same mapping (forms-walk.test.ts).
 */
import { type AccountRule, accountRefusal, accountRefusals } from '@duban/domain'
import t from 'tap'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from '../testing/fixtures'
import { startTestServer } from '../testing/test-server'
import { webSession } from '../testing/web-session'
import { zhDomain } from './zh-cn'

const assignment = `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' }

t.test(
  'given a refused request, when it asks for zh-CN, then the problem says what to do in Chinese',
  async (t) => {
    const api = await startTestServer(t)
    await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
    await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
    await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
      body: { unitId: LEAD_UNIT, role: 'lead' },
      headers: supervisionOffice,
    })
    const unit = unitUser(LEAD_UNIT)
    await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unit })

    const empty = { reportId: 'r1', narrative: '   ', evidence: ['x'.repeat(1_001)] }
    const chinese = await api.request('POST', `${assignment}/reports`, {
      body: empty,
      headers: { ...unit, ...zh },
    })
    t.equal(chinese.status, 400)
    t.match(chinese.headers.get('content-type'), /^application\/problem\+json/)
    t.match(chinese.body, {
      type: 'https://duban.dev/problems/validation',
      title: '填写的内容有误',
      errors: [
        { field: 'narrative', message: '请填写进展情况' },
        { field: 'evidence', message: '佐证材料最多 1000 个字，请删减后重新提交' },
      ],
    })
    t.match((chinese.body as { detail: string }).detail, '请填写进展情况；佐证材料最多 1000 个字')
    const english = await api.request('POST', `${assignment}/reports`, { body: empty, headers: unit })
    t.equal(english.status, 400)
    t.match(english.body, { title: 'The request does not match the schema', detail: /Too small/ })

    const twice = await api.request('POST', `${assignment}/acknowledge`, {
      body: {},
      headers: { ...unit, ...zh },
    })
    t.equal(twice.status, 409)
    t.match(twice.body, { title: '与当前状态冲突', detail: '本项交办已签收，无需再次签收。' })
    const twiceEnglish = await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unit })
    t.match(twiceEnglish.body, { detail: /is already acknowledged/ })

    const other = await api.request('POST', `/tasks/${taskBody.taskId}/assignments/cq-yuzhong/acknowledge`, {
      body: {},
      headers: { ...unit, ...zh },
    })
    t.equal(other.status, 403)
    t.match(other.body, { title: '无权访问', detail: /无权查看或办理/ })

    const nowhere = await api.request('GET', '/no-such-thing', { headers: zh })
    t.equal(nowhere.status, 404)
    t.match(nowhere.body, { title: '找不到页面或事项' })
  },
)

t.test(
  'given a browser, when it asks for a page that does not exist, then a Chinese 404 page in the layout',
  async (t) => {
    const api = await startTestServer(t)
    const browser = await webSession(api, {
      id: 'ducha-01',
      unitId: 'cq-zhengfubangongting',
      roles: ['supervision_officer'],
    })
    const missing = await browser.get('/w/no-such-page')
    t.equal(missing.status, 404)
    t.match(missing.headers.get('content-type'), /^text\/html/)
    t.match(missing.text, '找不到您要的页面')
    t.match(missing.text, '<nav>', 'in the layout, with the menu')
    const badDate = await browser.get('/w/office/overdue?asOf=2023-99-99')
    t.equal(badDate.status, 400)
    t.match(badDate.text, '查看日期“2023-99-99”不是有效日期')
  },
)

t.test(
  'given too many sign-ins from one address, then 429 on the sign-in page in Chinese, the user id kept',
  async (t) => {
    const api = await startTestServer(t)
    const login = await api.request('GET', '/login')
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? ''
    let last = login
    for (let attempt = 1; attempt <= 11; attempt++) {
      last = await api.request('POST', '/login', {
        rawBody: new URLSearchParams({ _csrf: csrf, userId: 'swz-tianbao', password: 'wrong' }).toString(),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', referer: `${api.url}/login` },
      })
    }
    t.equal(last.status, 429)
    t.match(last.headers.get('content-type'), /^text\/html/)
    t.match(last.text, '操作过于频繁，请稍候一分钟再试。')
    t.match(last.text, /name="userId"[^>]*value="swz-tianbao"/, 'the user id kept')
  },
)

t.test(
  'given a page that fails on the server, then a Chinese 5xx page in the layout, never a stack or JSON',
  async (t) => {
    const api = await startTestServer(t)
    const browser = await webSession(api, {
      id: 'ducha-01',
      unitId: 'cq-zhengfubangongting',
      roles: ['supervision_officer'],
    })
    await api.readModels.close() // the read models' database is gone: every board read throws
    const failed = await browser.get('/w/office/overdue')
    t.ok(failed.status >= 500, `a server error (${failed.status})`)
    t.match(failed.headers.get('content-type'), /^text\/html/)
    t.match(failed.text, /服务器处理时出错|服务器存储暂不可用/)
    t.match(failed.text, '<nav>', 'in the layout')
    t.notMatch(failed.text, /Error|at .*\.ts/, 'no stack, no English error')
  },
)

t.test(
  'every account, role and password rule has its own Chinese sentence, no English left in it',
  async (t) => {
    const details = {
      userId: 'li',
      role: 'leadership',
      requestId: 'req-1',
      unitId: 'cq-x',
      action: 'grant',
      decision: 'decline',
      min: 12,
      max: 256,
    } as const
    const rules = Object.keys(accountRefusals) as AccountRule[]
    const said = rules.map((rule) => zhDomain(accountRefusal(rule, details)))
    for (const [i, sentence] of said.entries()) {
      t.match(sentence, /[\u4e00-\u9fff]/, `${rules[i]}: ${sentence}`)
      t.notMatch(sentence, /undefined|[A-Za-z]{3,}/, `${rules[i]}: no English, nothing missing`)
    }
    t.equal(new Set(said).size, rules.length, 'one sentence per rule, none the generic one of its kind')
  },
)

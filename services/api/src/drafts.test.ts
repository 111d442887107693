/**
 * Plan import over HTTP: a draft writes no events; an edited draft is what gets confirmed;
 * confirming twice writes nothing new; unknown units block confirmation.
 */
import { readFileSync } from 'node:fs'
import { CHONGQING_2022_EXAMPLE, type PlanDraft } from '@duban/plan-import'
import iconv from 'iconv-lite'
import t from 'tap'
import { supervisionOffice, unitUser } from './testing/fixtures'
import { startTestServer, type TestServer } from './testing/test-server'

const example = readFileSync(CHONGQING_2022_EXAMPLE, 'utf8')
const head = async (api: TestServer) =>
  ((await api.request('GET', '/health/ready')).body as { store: { headPosition: number } }).store.headPosition

interface DraftResource {
  id: string
  revision: number
  draft: PlanDraft
}

t.test('post, edit, confirm, confirm again', async (t) => {
  const api = await startTestServer(t)
  const posted = await api.request('POST', '/drafts', { body: { text: example }, headers: supervisionOffice })
  t.equal(posted.status, 201)
  const resource = posted.body as DraftResource
  t.equal(resource.draft.plans.length, 2)
  t.equal(await head(api), 0, 'a draft writes no events')

  // The office drops the last item of the first plan before confirming.
  const [first, second] = resource.draft.plans
  const edited = { ...resource.draft, plans: [{ ...first!, items: first!.items.slice(0, -1) }, second!] }
  const put = await api.request('PUT', `/drafts/${resource.id}`, {
    body: edited,
    headers: { ...supervisionOffice, 'if-match': '"1"' },
  })
  t.equal(put.status, 200)
  t.equal(put.headers.get('etag'), '"2"')
  const stale = await api.request('PUT', `/drafts/${resource.id}`, {
    body: edited,
    headers: { ...supervisionOffice, 'if-match': '"1"' },
  })
  t.equal(stale.status, 409, 'an edit against an old revision is refused')
  t.equal(await head(api), 0, 'editing writes no events')

  const confirmed = await api.request('POST', `/drafts/${resource.id}/confirm`, {
    headers: supervisionOffice,
  })
  t.equal(confirmed.status, 200)
  const confirmation = confirmed.body as { plans: { tasks: number }[]; eventsWritten: number }
  t.same(
    confirmation.plans.map((plan) => plan.tasks),
    [first!.items.length - 1, second!.items.length],
    'the edited draft is what was confirmed',
  )
  const written = await head(api)
  t.equal(confirmation.eventsWritten, written)

  const again = await api.request('POST', `/drafts/${resource.id}/confirm`, { headers: supervisionOffice })
  t.equal(again.status, 200)
  t.equal(again.text, confirmed.text, 'the same answer')
  t.equal(await head(api), written, 'confirming twice writes nothing new')

  const frozen = await api.request('PUT', `/drafts/${resource.id}`, {
    body: edited,
    headers: supervisionOffice,
  })
  t.equal(frozen.status, 409, 'a confirmed draft is frozen')
})

t.test('an unknown unit blocks confirmation with a 422 naming it, and nothing is written', async (t) => {
  const api = await startTestServer(t)
  const text = `重庆市推动示范三年行动计划\n(2022—2024年)\n一、工作任务\n(一)实施示范行动。\n1.开展示范。每年开展10场以上示范活动。(责任单位:市商务委、市未知局)\n`
  const posted = await api.request('POST', '/drafts', { body: { text }, headers: supervisionOffice })
  t.equal(posted.status, 201)
  const resource = posted.body as DraftResource
  t.match(resource.draft.plans[0]!.items[0]!.coUnits, [{ name: '市未知局', unitId: null }])
  const confirmed = await api.request('POST', `/drafts/${resource.id}/confirm`, {
    headers: supervisionOffice,
  })
  t.equal(confirmed.status, 422)
  t.match(confirmed.body, { unresolved: [{ name: '市未知局' }] })
  t.equal(await head(api), 0)
})

t.test('bad drafts: not a plan, not the office, unknown draft', async (t) => {
  const api = await startTestServer(t)
  const notAPlan = await api.request('POST', '/drafts', {
    body: { text: '今天天气很好。' },
    headers: supervisionOffice,
  })
  t.equal(notAPlan.status, 422)
  t.match(notAPlan.body, { code: 'not_a_plan' })
  const notOffice = await api.request('POST', '/drafts', {
    body: { text: example },
    headers: unitUser('cq-shangwuwei'),
  })
  t.equal(notOffice.status, 403)
  const unknown = await api.request('GET', '/drafts/00000000-0000-4000-8000-000000000000', {
    headers: supervisionOffice,
  })
  t.equal(unknown.status, 404)
  t.equal(await head(api), 0)
})

const headingOnly = `重庆市推动示范三年行动计划\n(2022—2024年)\n一、主要任务\n1.开展示范。每年开展10场以上示范活动。(责任单位:市商务委)\n`

t.test('a section heading that is only "一、主要任务": the confirmed plan reads back', async (t) => {
  const api = await startTestServer(t)
  const posted = await api.request('POST', '/drafts', {
    body: { text: headingOnly },
    headers: supervisionOffice,
  })
  t.equal(posted.status, 201)
  const resource = posted.body as DraftResource
  t.match(resource.draft.plans[0]!.sections, [{ title: '主要任务' }], 'the chapter names its section')
  const confirmed = await api.request('POST', `/drafts/${resource.id}/confirm`, {
    headers: supervisionOffice,
  })
  t.equal(confirmed.status, 200)
  const planId = resource.draft.plans[0]!.id
  const plan = await api.request('GET', `/plans/${planId}`, { headers: supervisionOffice })
  t.equal(plan.status, 200, 'the plan event decodes')
  t.match(plan.body, { plan: { sections: [{ id: 'g1', title: '主要任务' }] } })
  const task = await api.request('GET', `/tasks/${planId}.t1`, { headers: supervisionOffice })
  t.equal(task.status, 200)
})

t.test('a draft edited into one that would write an unreadable event: 422, nothing written', async (t) => {
  const api = await startTestServer(t)
  const posted = await api.request('POST', '/drafts', {
    body: { text: headingOnly },
    headers: supervisionOffice,
  })
  const resource = posted.body as DraftResource
  const [plan] = resource.draft.plans
  const blanked = {
    ...resource.draft,
    plans: [{ ...plan!, sections: plan!.sections.map((section) => ({ ...section, title: '  ' })) }],
  }
  const put = await api.request('PUT', `/drafts/${resource.id}`, {
    body: blanked,
    headers: { ...supervisionOffice, 'if-match': '"1"' },
  })
  t.equal(put.status, 200)
  const confirmed = await api.request('POST', `/drafts/${resource.id}/confirm`, {
    headers: supervisionOffice,
  })
  t.equal(confirmed.status, 422)
  t.match(confirmed.headers.get('content-type'), /application\/problem\+json/)
  t.match(confirmed.body, {
    type: 'https://duban.dev/problems/domain-rule',
    detail: /sections\.0\.title/,
    invalid: [{ planId: plan!.id, itemId: null }],
  })
  t.equal(await head(api), 0, 'nothing written')
  const after = await api.request('GET', `/plans/${plan!.id}`, { headers: supervisionOffice })
  t.equal(after.status, 404, 'no half-written plan')
})

t.test(
  'a document file posted as base64 (GBK text) reads like its text; a scanned PDF is a 422',
  async (t) => {
    const api = await startTestServer(t)
    const text = '某某工作方案\n一、重点任务\n1.做好外贸工作。（牵头单位：市商务委；配合单位：市经济信息委）'
    const gbk = iconv.encode(text, 'gbk')
    const posted = await api.request('POST', '/drafts', {
      body: { file: gbk.toString('base64'), fileName: 'plan.txt' },
      headers: supervisionOffice,
    })
    t.equal(posted.status, 201, JSON.stringify(posted.body))
    t.match(posted.body, { draft: { plans: [{ items: [{ lead: { unitId: 'cq-shangwuwei' } }] }] } })
    const scan = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    )
    const refused = await api.request('POST', '/drafts', {
      body: { file: scan.toString('base64') },
      headers: supervisionOffice,
    })
    t.equal(refused.status, 422)
    t.match(refused.body, { code: 'scanned_pdf' })
  },
)

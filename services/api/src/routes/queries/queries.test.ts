import { get as httpGet } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { openSqliteEventStore } from '@duban/eventstore'
import { fixedClock } from '@duban/ledger'
import { readModelProjections } from '@duban/read-models'
import { copyLog, simulate } from '@duban/simulation'
import t from 'tap'
import { actingAs } from '../../testing/acting-as'
import { startTestServer } from '../../testing/test-server'

const office = actingAs({ id: 'ducha', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer'] })
const yuzhong = actingAs({ id: 'yuzhong', unitId: 'cq-yuzhong', roles: ['unit_reporter'] })

const api = await startTestServer(t, { clock: fixedClock('2023-04-20T02:00:00Z') })
{
  const { store } = await simulate({ from: '2022-10-08', to: '2023-04-19', seed: 11 })
  const target = openSqliteEventStore({ file: api.file })
  await copyLog(store, target)
  await target.close()
  await api.readModels.catchUp()
}
const get = (path: string, headers = office) => api.request('GET', path, { headers })
const body = (response: { body: unknown }) =>
  response.body as Record<string, unknown> & { asOf: { position: number } }

t.test(
  'given a simulated ledger, when the office reads the overdue board, then it lists overdue obligations with an ETag',
  async (t) => {
    const response = await get('/views/overdue?limit=5')
    t.equal(response.status, 200)
    const board = body(response) as unknown as {
      lines: { workingDaysOverdue: number; stage: string }[]
      page: { total: number }
    }
    t.ok(board.page.total > 0, `${board.page.total} overdue obligations`)
    t.equal(board.lines.length, 5, 'one page of 5')
    t.ok(
      board.lines.every((line) => line.workingDaysOverdue > 0),
      'each counts working days overdue',
    )
    const etag = response.headers.get('etag')
    t.match(etag, /^W\/"\d+\.2023-04-20"$/, 'the ETag names the position and the date')
    const again = await api.request('GET', '/views/overdue?limit=5', {
      headers: { ...office, 'if-none-match': etag ?? '' },
    })
    t.equal(again.status, 304, 'unchanged: 304')
    const escalated = await get('/views/overdue?stage=escalation&limit=1000')
    t.ok(
      (body(escalated) as unknown as { lines: { stage: string }[] }).lines.every(
        (l) => l.stage === 'escalation',
      ),
      'the stage filter keeps one stage',
    )
  },
)

t.test(
  'given a unit named in Chinese, when its view is asked now and as of an earlier date, then both answer',
  async (t) => {
    const now = await get(`/views/units/${encodeURIComponent('市商务委')}`)
    t.equal(now.status, 200)
    t.equal(body(now)['unitId'], 'cq-shangwuwei', 'the name resolves to the unit id')
    const then = await get('/views/units/cq-shangwuwei?asOf=2023-01-31')
    t.equal(then.status, 200)
    t.ok(body(then).asOf.position < body(now).asOf.position, 'as of January stands at an earlier position')
    const byPosition = await get(`/views/units/cq-shangwuwei?asOf=${body(then).asOf.position}`)
    t.same(
      (body(byPosition) as { assignments?: unknown }).assignments,
      (body(then) as { assignments?: unknown }).assignments,
      'asOf the same position answers the same assignments',
    )
  },
)

t.test(
  'given a district government, when it reads its inbox and its own view, then it sees its reminders and notices',
  async (t) => {
    const inbox = await get('/views/units/cq-yuzhong/inbox?limit=10', yuzhong)
    t.equal(inbox.status, 200)
    t.ok((body(inbox)['counts'] as { total: number }).total > 0, 'reminders and notices arrived')
    const mine = await get('/views/me', yuzhong)
    t.equal(mine.status, 200)
    t.equal(body(mine)['unitId'], 'cq-yuzhong', '/views/me is the caller’s unit')
  },
)

t.test(
  'given a task, when a district reads its history, then it sees the task’s and its own events only',
  async (t) => {
    const response = await get('/views/tasks/2022-192sktf.t1/history?limit=1000', yuzhong)
    t.equal(response.status, 200)
    const entries = body(response)['entries'] as { unitId: string | null; actor: string }[]
    t.ok(entries.length > 0)
    t.ok(
      entries.every((e) => e.unitId === null || e.unitId === 'cq-yuzhong'),
      'no other unit’s assignment',
    )
    const all = await get('/views/tasks/2022-192sktf.t1/history?limit=1000')
    t.ok((body(all)['entries'] as unknown[]).length > entries.length, 'the office sees every unit’s')
  },
)

t.test(
  'given plans, when the dashboard and indicators are asked, then they answer; unknown plans are 404',
  async (t) => {
    const planId = '2022-192sktf'
    const dashboard = await get(`/views/plans/${planId}/dashboard?asOf=2023-03-31`)
    t.equal(dashboard.status, 200)
    t.ok(body(dashboard)['bySection'], 'lights by section')
    t.equal((await get(`/views/plans/${planId}/indicators`)).status, 200)
    t.equal((await get('/views/plans/no-such-plan/dashboard')).status, 404)
  },
)

t.test('given bad questions, when asked, then each is a 4xx problem+json', async (t) => {
  const cases: [string, number][] = [
    ['/views/units/no-such-unit', 404],
    [`/views/units/${encodeURIComponent('不存在的单位')}/inbox`, 404],
    ['/views/tasks/no-such-task/history', 404],
    ['/views/overdue?asOf=2023-02-30', 400],
    ['/views/overdue?asOf=yesterday', 400],
    ['/views/overdue?asOf=2023-05-01', 422],
    ['/views/overdue?asOf=99999999', 422],
    ['/views/overdue?limit=0', 400],
    ['/views/overdue?stage=purple', 400],
  ]
  for (const [path, status] of cases) {
    const response = await get(path)
    t.equal(response.status, status, `${path} → ${status}`)
    t.match(response.headers.get('content-type'), /application\/problem\+json/, `${path} is problem+json`)
  }
})

t.test('given the runner, when /health is asked, then each read model reports its lag', async (t) => {
  const health = body(await get('/health/ready'))
  const projections = health['projections'] as { name: string; lag: number }[]
  t.same(
    projections.map((p) => p.name),
    readModelProjections.map((p) => p.name),
  )
  t.ok(
    projections.every((p) => p.lag === 0),
    'caught up',
  )
})

/** The raw answer, bytes as sent (fetch would undo the compression before the test sees it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }>(
    (resolve, reject) => {
      httpGet(url, { headers }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            bytes: Buffer.concat(chunks),
          }),
        )
      }).on('error', reject)
    },
  )
}

t.test(
  'given a large view, when the client accepts br or gzip, then it gets the same JSON compressed',
  async (t) => {
    const authorization = `Bearer ${await api.tokenFor({ id: 'ducha', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer'] })}`
    const board = `${api.url}/views/overdue?limit=1000`
    const plain = await rawGet(board, { authorization })
    t.equal(plain.status, 200)
    t.ok(plain.bytes.length > 8192, `a large body (${plain.bytes.length} bytes)`)
    t.equal(plain.headers['content-encoding'], undefined, 'nothing asked, nothing compressed')
    const br = await rawGet(board, { authorization, 'accept-encoding': 'gzip, deflate, br' })
    t.equal(br.headers['content-encoding'], 'br')
    t.equal(br.headers.vary, 'accept-encoding')
    t.ok(br.bytes.length < plain.bytes.length / 4, `${br.bytes.length} bytes on the wire`)
    t.same(brotliDecompressSync(br.bytes), plain.bytes, 'the same JSON')
    const gzip = await rawGet(board, { authorization, 'accept-encoding': 'gzip' })
    t.equal(gzip.headers['content-encoding'], 'gzip')
    t.same(gunzipSync(gzip.bytes), plain.bytes)

    const small = await rawGet(`${api.url}/views/overdue?limit=1`, { authorization, 'accept-encoding': 'br' })
    t.ok(small.bytes.length < 8192)
    t.equal(small.headers['content-encoding'], undefined, 'a small body goes as it is')

    const past = `${api.url}/views/overdue?limit=1000&asOf=2023-03-01`
    const pastPlain = await rawGet(past, { authorization })
    const pastGzip = await rawGet(past, { authorization, 'accept-encoding': 'gzip' })
    t.equal(pastGzip.headers['content-encoding'], 'gzip', 'a view the cache does not keep is compressed too')
    t.same(gunzipSync(pastGzip.bytes), pastPlain.bytes)
  },
)

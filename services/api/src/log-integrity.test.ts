/**
 * The server on a log someone altered or cut short while it was stopped: it starts, serves reads
 * with a warning, refuses every write with 503 problem+json, and /health/ready says why.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { planBody, supervisionOffice, taskBody } from './testing/fixtures'
import { startTestServer, type TestServer } from './testing/test-server'
import { webSession } from './testing/web-session'

const officer = { id: 'ducha-01', unitId: 'cq-zhengfubangongting', roles: ['supervision_officer' as const] }

/** The office's overdue board, as a browser signed in through the form gets it. */
async function officePage(api: TestServer): Promise<string> {
  const browser = await webSession(api, officer)
  const page = await browser.get('/w/office/overdue')
  if (page.status !== 200) throw new Error(`the page answered ${page.status}`)
  return page.text
}

async function givenStoppedServerWithLog(t: Test): Promise<{ dataDir: string; file: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-integrity-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const api = await startTestServer(t, { dataDir })
  t.equal((await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })).status, 201)
  t.equal((await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })).status, 201)
  await api.close()
  return { dataDir, file: api.file }
}

function tamper(file: string, sql: string) {
  const db = new Database(file)
  db.exec(sql)
  db.close()
}

async function expectWritesRefused(
  t: Test,
  dataDir: string,
  { position, problem, head }: { position: number; problem: RegExp; head: number },
) {
  const api = await startTestServer(t, { dataDir })
  await api.logGuard.fullCheck
  const health = await api.request('GET', '/health/ready')
  t.equal(health.status, 200, '/health answers')
  t.match(health.body, { status: 'degraded', log: { integrity: 'broken', broken: { position, problem } } })
  t.same((await api.request('GET', '/health')).body, { status: 'degraded' }, 'liveness says degraded too')

  const write = await api.request('POST', '/plans', {
    body: { ...planBody, planId: 'cq2022-other' },
    headers: supervisionOffice,
  })
  t.equal(write.status, 503, 'the write is refused')
  t.equal(write.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  t.match(write.body, { type: 'https://duban.dev/problems/log-integrity', detail: /事件日志校验未通过/ })

  const read = await api.request('GET', `/plans/${planBody.planId}`, { headers: supervisionOffice })
  t.equal(read.status, 200, 'reads go on')
  t.match(read.headers.get('warning'), /failed its check/, 'with a warning')
  t.equal(await api.logGuard.store.headPosition(), head, 'nothing appended')

  const page = await officePage(api)
  t.match(page, /data-testid="log-broken"/, 'every page carries the banner')
  t.match(page, /事件日志校验未通过：暂停一切写入/)
}

t.test('a tampered event: the server refuses writes, reads go on with a warning', async (t) => {
  const { dataDir, file } = await givenStoppedServerWithLog(t)
  tamper(file, `UPDATE events SET data = replace(data, '外贸', '内贸') WHERE position = 1`)
  await expectWritesRefused(t, dataDir, { position: 1, problem: /altered/, head: 2 })
})

t.test('the last event deleted: detected against the anchor beside the log', async (t) => {
  const { dataDir, file } = await givenStoppedServerWithLog(t)
  tamper(file, 'DELETE FROM events WHERE position = 2')
  await expectWritesRefused(t, dataDir, { position: 2, problem: /removed/, head: 1 })
})

t.test('an intact log: writes go on after a restart', async (t) => {
  const { dataDir } = await givenStoppedServerWithLog(t)
  const api = await startTestServer(t, { dataDir })
  await api.logGuard.fullCheck
  t.match((await api.request('GET', '/health/ready')).body, {
    status: 'ok',
    log: { integrity: 'ok', anchor: { position: 2 } },
  })
  const write = await api.request('POST', '/plans', {
    body: { ...planBody, planId: 'cq2022-other' },
    headers: supervisionOffice,
  })
  t.equal(write.status, 201)
  t.notMatch(await officePage(api), /log-broken/, 'no banner on an intact log')
})

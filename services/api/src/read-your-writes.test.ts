/**
 * Read-your-writes against the server as a real process: its read models apply commits a few ms
 * late, several at once (plugins/read-your-writes.ts), yet a client that got 201 for a report
 * and asks a view at once finds the report there, every time.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { standLedgerClockAt } from '@duban/runtime'
import t from 'tap'
import { ApiProcess } from './testing/api-process'
import { LEAD_UNIT, planBody, reportBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer } from './testing/test-server'

t.test(
  'given a report answered 201, when the task history is asked at once, then it holds the report',
  async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-read-your-writes-'))
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
    const api = await startTestServer(t, { dataDir })
    await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
    await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
    await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
      body: { unitId: LEAD_UNIT, role: 'lead' },
      headers: supervisionOffice,
    })
    const assignment = `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
    await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: unitUser(LEAD_UNIT) })
    const token = await api.tokenFor({
      id: `${LEAD_UNIT}-approver`,
      unitId: LEAD_UNIT,
      roles: ['unit_approver'],
    })
    // The server refuses a store with no administrator.
    await api.tokenFor({ id: 'ryw-admin', unitId: 'cq-zhengfubangongting', roles: ['administrator'] })
    await api.close()
    standLedgerClockAt({ dataDir }, new Date('2023-06-15T02:00:00Z'), 'read-your-writes test')

    const server = new ApiProcess({ DUBAN_DATA_DIR: dataDir })
    t.teardown(() => server.kill('SIGKILL'))
    const url = await server.url
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    let missed = 0
    for (let i = 1; i <= 25; i++) {
      const reportId = `ryw-${i}`
      const posted = await fetch(`${url}${assignment}/reports`, {
        method: 'POST',
        headers,
        body: JSON.stringify(reportBody(reportId)),
      })
      t.equal(posted.status, 201, `report ${i} accepted`)
      await posted.arrayBuffer()
      const history = await fetch(`${url}/views/tasks/${taskBody.taskId}/history?limit=1000`, {
        headers: { authorization: `Bearer ${token}` },
      })
      t.equal(history.status, 200)
      if (!(await history.text()).includes(`"${reportId}"`)) missed += 1
    }
    t.equal(missed, 0, 'every report is in the history asked right after its 201')
    server.kill('SIGTERM')
    await server.exited
  },
)

/**
 * Read-your-writes against the server as a real process: its read models apply commits a few ms
 * late, several at once (plugins/read-your-writes.ts), yet a client that got 201 for a report
 * and asks a view at once finds the report there, every time.
 */
import t from 'tap'
import { givenAcknowledgedAssignment } from './testing/acknowledged-assignment'
import { ApiProcess } from './testing/api-process'
import { reportBody, taskBody } from './testing/fixtures'

t.test(
  'given a report answered 201, when the task history is asked at once, then it holds the report',
  async (t) => {
    const { dataDir, token, assignment } = await givenAcknowledgedAssignment(t, 'read-your-writes')

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

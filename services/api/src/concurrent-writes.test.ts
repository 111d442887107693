/**
 * A write without If-Match asked for no version, so it never gets 409: 200 reports sent at once
 * to one assignment all land. With If-Match the conflict stays (commands.test.ts).
 */
import t from 'tap'
import { acknowledgeLeadAssignment } from './testing/acknowledged-assignment'
import { LEAD_UNIT, reportBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer } from './testing/test-server'

t.test('200 concurrent reports without If-Match: no 409, every one written once', async (t) => {
  const api = await startTestServer(t)
  const assignment = await acknowledgeLeadAssignment(api)
  const lead = unitUser(LEAD_UNIT)

  const responses = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      api.request('POST', `${assignment}/reports`, { body: reportBody(`r${i}`), headers: lead }),
    ),
  )
  const statuses = new Map<number, number>()
  for (const response of responses) statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
  t.same(Object.fromEntries(statuses), { 201: 200 }, 'all 200 created')

  const history = await api.request('GET', `/tasks/${taskBody.taskId}`, { headers: supervisionOffice })
  const reports = (history.body as { history: { type: string; data: { reportId: string } }[] }).history
    .filter((event) => event.type === 'ProgressReportSubmitted')
    .map((event) => event.data.reportId)
  t.equal(new Set(reports).size, 200, 'each report once')
  t.equal(reports.length, 200)
})

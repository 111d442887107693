/**
 * Views are kept by log position: the same URL at the same position is the same body and ETag;
 * a write moves the position and the next read shows it.
 */
import t from 'tap'
import {
  LEAD_UNIT,
  planBody,
  reportBody,
  supervisionOffice,
  taskBody,
  unitUser,
} from '../../testing/fixtures'
import { startTestServer } from '../../testing/test-server'

t.test('a cached view is answered until the log moves, then made again', async (t) => {
  const api = await startTestServer(t)
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
  await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
    body: { unitId: LEAD_UNIT, role: 'lead' },
    headers: supervisionOffice,
  })
  await api.readModels.catchUp()
  const view = () => api.request('GET', `/views/units/${LEAD_UNIT}`, { headers: supervisionOffice })
  const first = await view()
  const second = await view()
  t.equal(first.status, 200)
  t.equal(second.text, first.text, 'the same body at the same position')
  t.equal(second.headers.get('etag'), first.headers.get('etag'))
  t.match(first.headers.get('content-type'), /^application\/json/)
  const notModified = await api.request('GET', `/views/units/${LEAD_UNIT}`, {
    headers: { ...supervisionOffice, 'if-none-match': first.headers.get('etag')! },
  })
  t.equal(notModified.status, 304)

  const lead = unitUser(LEAD_UNIT)
  const assignment = `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
  await api.request('POST', `${assignment}/acknowledge`, { body: {}, headers: lead })
  await api.request('POST', `${assignment}/reports`, { body: reportBody('r1'), headers: lead })
  await api.readModels.catchUp()
  const after = await view()
  t.not(after.headers.get('etag'), first.headers.get('etag'), 'a new ETag once the log moved')
  t.not(after.text, first.text, 'and the view made again')
  const stale = await api.request('GET', `/views/units/${LEAD_UNIT}`, {
    headers: { ...supervisionOffice, 'if-none-match': first.headers.get('etag')! },
  })
  t.equal(stale.status, 200, 'the old ETag no longer matches')
})

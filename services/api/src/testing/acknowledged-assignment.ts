/**
 * One plan, one task, its lead unit's assignment acknowledged: on a running test server
 * (`acknowledgeLeadAssignment`), or as a data directory for a server process under test
 * (`givenAcknowledgedAssignment`), with an administrator (the server refuses a store without
 * one) and the lead unit's approver signed in; the ledger's clock stands where the setup server's
 * stood (2023-06-15 10:00 Shanghai), so reports the test sends fall in the same quarter.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { standLedgerClockAt } from '@duban/runtime'
import { LEAD_UNIT, planBody, supervisionOffice, taskBody, unitUser } from './fixtures'
import { startTestServer, type Teardown, type TestServer } from './test-server'

export interface AcknowledgedAssignment {
  dataDir: string
  /** The lead unit's approver's bearer token. */
  token: string
  /** `/tasks/:taskId/assignments/:unitId` of the lead unit's assignment. */
  assignment: string
}

/** Registers the plan and task, assigns the lead unit and has it acknowledge; returns the assignment's path. */
export async function acknowledgeLeadAssignment(api: TestServer): Promise<string> {
  await api.request('POST', '/plans', { body: planBody, headers: supervisionOffice })
  await api.request('POST', '/tasks', { body: taskBody, headers: supervisionOffice })
  await api.request('POST', `/tasks/${taskBody.taskId}/assignments`, {
    body: { unitId: LEAD_UNIT, role: 'lead' },
    headers: supervisionOffice,
  })
  const assignment = `/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}`
  const acknowledged = await api.request('POST', `${assignment}/acknowledge`, {
    body: {},
    headers: unitUser(LEAD_UNIT),
  })
  if (acknowledged.status !== 200)
    throw new Error(`the lead unit could not acknowledge: ${acknowledged.status} ${acknowledged.text}`)
  return assignment
}

export async function givenAcknowledgedAssignment(
  t: Teardown,
  name: string,
): Promise<AcknowledgedAssignment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `duban-${name}-`))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const api = await startTestServer(t, { dataDir })
  const assignment = await acknowledgeLeadAssignment(api)
  const token = await api.tokenFor({
    id: `${LEAD_UNIT}-approver`,
    unitId: LEAD_UNIT,
    roles: ['unit_approver'],
  })
  await api.tokenFor({ id: `${name}-admin`, unitId: 'cq-zhengfubangongting', roles: ['administrator'] })
  await api.close()
  standLedgerClockAt({ dataDir }, new Date('2023-06-15T02:00:00Z'), `${name} test`)
  return { dataDir, token, assignment }
}

/**
 * A full disk: the data directory on a small tmpfs, filled up while the server runs. Writes get
 * 503 problem+json with a Chinese detail and Retry-After, /health says degraded, nothing is half
 * written; once space returns the server writes again by itself, and after a restart every
 * acknowledged report is in the log and the chain verifies.
 *
 * Needs root (mount -t tmpfs), as on the project's machines and CI; elsewhere the test says it
 * did not run.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { assignmentStreamId } from '@duban/domain'
import { openSqliteEventStore, verifyLog } from '@duban/eventstore'
import t from 'tap'
import { acknowledgeLeadAssignment } from './testing/acknowledged-assignment'
import { TEST_PASSWORD } from './testing/acting-as'
import { LEAD_UNIT, reportBody, supervisionOffice, taskBody, unitUser } from './testing/fixtures'
import { startTestServer } from './testing/test-server'

function mountTmpfs(sizeMb: number): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-diskfull-'))
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir])
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return undefined
  }
  return dir
}

/** Writes zeros into `file` until the file system refuses: what is left is no space at all. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w')
  const chunk = Buffer.alloc(64 * 1024)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}

const mount = mountTmpfs(16)
if (!mount) {
  t.fail('could not mount a tmpfs (not root?): the disk-full test did not run')
} else {
  t.teardown(() => {
    spawnSync('umount', [mount])
    rmSync(mount, { recursive: true, force: true })
  })

  t.test('a full disk: 503 and degraded, then recovery with every acknowledged write', async (t) => {
    const dataDir = path.join(mount, 'data')
    const api = await startTestServer(t, { dataDir })
    const assignment = await acknowledgeLeadAssignment(api)
    const lead = unitUser(LEAD_UNIT)

    const filler = path.join(mount, 'filler')
    fillUp(filler)
    const acknowledged: string[] = []
    const long = '本季度新认定外向型产业聚集区2个。'.repeat(1000)
    let refused: Awaited<ReturnType<typeof api.request>> | undefined
    for (let i = 0; i < 500 && !refused; i++) {
      const response = await api.request('POST', `${assignment}/reports`, {
        body: { ...reportBody(`full-${i}`), narrative: long },
        headers: lead,
      })
      if (response.status === 201) acknowledged.push(`full-${i}`)
      else refused = response
    }
    t.ok(refused, 'a write was refused once the disk was full')
    t.equal(refused?.status, 503)
    t.equal(refused?.headers.get('content-type'), 'application/problem+json; charset=utf-8')
    t.ok(Number(refused?.headers.get('retry-after')) > 0, 'Retry-After')
    t.match(refused?.body, {
      type: 'https://duban.dev/problems/storage-unavailable',
      detail: /磁盘空间已满/,
      reason: 'disk-full',
    })
    t.match((await api.request('GET', '/health/ready')).body, {
      status: 'degraded',
      log: { fault: { reason: 'disk-full' } },
    })

    const signIn = await api.request('POST', '/auth/token', {
      body: { userId: `${LEAD_UNIT}-approver`, password: TEST_PASSWORD },
    })
    t.equal(signIn.status, 503, 'sign-in (a session row) too: 503, not 500')
    t.match(signIn.body, { detail: /磁盘空间已满/ })

    rmSync(filler)
    const after = await api.request('POST', `${assignment}/reports`, {
      body: reportBody('after-space-returned'),
      headers: lead,
    })
    t.equal(after.status, 201, 'writes again once space returns')
    acknowledged.push('after-space-returned')
    t.match((await api.request('GET', '/health/ready')).body, { status: 'ok' })
    // The read models could not be written either: they follow again by themselves.
    const history = `/views/tasks/${taskBody.taskId}/history?limit=1000`
    let shown = false
    for (let tries = 0; tries < 100 && !shown; tries++) {
      const view = await api.request('GET', history, { headers: supervisionOffice })
      shown = view.status === 200 && JSON.stringify(view.body).includes('"after-space-returned"')
      if (!shown) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    t.ok(shown, 'the views show the write made after space returned')
    await api.close()

    const store = openSqliteEventStore({ file: api.file })
    const reports = (await store.readStream(assignmentStreamId(taskBody.taskId, LEAD_UNIT)))
      .filter((event) => event.type === 'ProgressReportSubmitted')
      .map((event) => (event.data as { reportId: string }).reportId)
    t.same(reports, acknowledged, 'every acknowledged report, and nothing refused, in order')
    t.match(await verifyLog(store), { ok: true })
    await store.close()
  })
}

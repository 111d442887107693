/**
 * Right after a start, the server walks the whole hash chain of the log (the log guard's
 * background check) and its delivery index catches up with the log. Both run beside the requests,
 * in slices with the event loop's turn between, so /health and a view are answered meanwhile —
 * not held until the passes end, and not refused (503) by load shedding's event-loop check,
 * which stays on as configured by default.
 *
 * Given the demo ledger served once (the anchor saved), the server is started again with its
 * delivery index deleted: the whole chain is walked and the index rebuilt from the whole log.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { ApiProcess } from './testing/api-process'

t.setTimeout(600_000)

interface Health {
  log?: { integrity: 'ok' | 'checking' | 'broken' }
  delivery?: { lag: number }
}

t.test('/health and a view answer while the chain is walked and the delivery index catches up', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-startup-passes-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { DUBAN_DATA_DIR: dataDir }

  // Given the demo ledger, served once: it is seeded, and the anchor is saved on the way out.
  const first = new ApiProcess(env, ['--demo'])
  t.teardown(() => first.kill('SIGKILL'))
  await first.url
  first.kill('SIGTERM')
  await first.exited
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(path.join(dataDir, `delivery.sqlite${suffix}`), { force: true })

  // When it starts again.
  const server = new ApiProcess(env, ['--demo'])
  t.teardown(() => server.kill('SIGKILL'))
  const url = await server.url
  const health = async () => {
    const response = await fetch(`${url}/health/ready`)
    return { status: response.status, body: (await response.json()) as Health }
  }
  const signIn = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'lingdao', password: 'duban-demo-2023' }),
  })
  t.equal(signIn.status, 201, 'sign-in answered')
  const { token } = (await signIn.json()) as { token: string }

  // Then, until both passes are over, every /health and every view is answered.
  const healthStatuses: number[] = []
  const viewStatuses: number[] = []
  let answeredDuring = 0
  for (;;) {
    const [h, view] = await Promise.all([
      health(),
      fetch(`${url}/views/escalations?limit=1`, { headers: { authorization: `Bearer ${token}` } }),
    ])
    healthStatuses.push(h.status)
    viewStatuses.push(view.status)
    await view.arrayBuffer()
    const walking = h.body.log?.integrity === 'checking'
    const indexing = (h.body.delivery?.lag ?? 0) > 0
    if (!walking && !indexing) break
    answeredDuring++
  }
  t.ok(answeredDuring > 0, `${answeredDuring} rounds of /health and a view answered during the passes`)
  t.ok(
    healthStatuses.every((s) => s === 200),
    `/health: ${[...new Set(healthStatuses)].join(', ')}`,
  )
  t.ok(
    viewStatuses.every((s) => s === 200),
    `the view: ${[...new Set(viewStatuses)].join(', ')} (never 503)`,
  )
  const after = await health()
  t.equal(after.body.log?.integrity, 'ok', 'the walk found the chain whole')
  t.equal(after.body.delivery?.lag, 0, 'the delivery index caught up')
})

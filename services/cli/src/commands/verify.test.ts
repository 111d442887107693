/**
 * `duban verify` as a user runs it: exit 0 on an intact log, exit 1 naming the first broken
 * event once a row is altered directly in the SQLite file, exit 2 when there is no log.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openEmbeddedLedger } from '@duban/runtime'
import { entryArgs } from '@duban/testing'
import Database from 'better-sqlite3'
import t from 'tap'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], {
    env: { ...process.env, DUBAN_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  })

async function givenLog(dataDir: string): Promise<string> {
  const { store, file, close } = openEmbeddedLedger({ dataDir })
  const metadata = (commandId: string) => ({
    actor: 'test',
    unit: null,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2023-06-15T02:00:00.000Z',
  })
  for (let i = 1; i <= 3; i++) {
    await store.append(
      `plan-p${i}`,
      [{ type: 'Noted', schemaVersion: 1, data: { i }, metadata: metadata(`c${i}`) }],
      {
        expectedVersion: 'no_stream',
      },
    )
  }
  await close()
  return file
}

t.test('duban verify: ok, then a tampered row, then no log at all', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-cli-verify-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const file = await givenLog(dataDir)

  const intact = duban(dataDir, 'verify')
  t.equal(intact.status, 0, intact.stderr)
  t.match(intact.stdout, /verify ok: 3 events in 3 streams/)

  const db = new Database(file)
  db.prepare(`UPDATE events SET data = '{"i":99}' WHERE position = 2`).run()
  db.close()
  const tampered = duban(dataDir, 'verify')
  t.equal(tampered.status, 1)
  t.match(tampered.stderr, /verify FAILED: event \S+ at position 2 \(stream plan-p2\)/)

  const missing = duban(path.join(dataDir, 'nowhere'), 'verify')
  t.equal(missing.status, 2)
  t.match(missing.stderr, /no event log at/)
})

t.test('duban anchor, then the last event cut: duban verify --anchor FILE finds it', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-cli-anchor-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const file = await givenLog(dataDir)

  const exported = duban(dataDir, 'anchor')
  t.equal(exported.status, 0, exported.stderr)
  t.match(JSON.parse(exported.stdout), { position: 3, hash: /^[0-9a-f]{64}$/ })
  const anchorFile = path.join(dataDir, 'kept-by-the-auditor.json')
  writeFileSync(anchorFile, exported.stdout)
  t.equal(duban(dataDir, 'verify', '--anchor', anchorFile).status, 0, 'the intact log holds the anchor')

  const db = new Database(file)
  db.prepare('DELETE FROM events WHERE position = 3').run()
  db.close()
  t.equal(duban(dataDir, 'verify').status, 0, 'without the anchor the shorter chain looks intact')
  const cut = duban(dataDir, 'verify', '--anchor', anchorFile)
  t.equal(cut.status, 1)
  t.match(cut.stderr, /verify FAILED: position 3: .*removed/)

  writeFileSync(anchorFile, '{"position":"three"}')
  const bad = duban(dataDir, 'verify', '--anchor', anchorFile)
  t.equal(bad.status, 2)
  t.match(bad.stderr, /is not an anchor/)
})

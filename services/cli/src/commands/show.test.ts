/**
 * `duban show` and `duban replay` as a user runs them, on a simulated ledger in a temporary
 * DUBAN_DATA_DIR: views now and as of a date, JSON output, and bad input refused with exit 2.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openEmbeddedLedger, standLedgerClockAt } from '@duban/runtime'
import { copyLog, simulate } from '@duban/simulation'
import { entryArgs } from '@duban/testing'
import t from 'tap'

// Each case starts the CLI as a process; on a busy machine that is slow, and no timing is asserted.
t.setTimeout(600_000)

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-show-'))
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
const duban = (...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], {
    env: { ...process.env, DUBAN_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 120_000,
  })

{
  const { store } = await simulate({ from: '2022-10-08', to: '2023-02-28', seed: 5 })
  const ledger = openEmbeddedLedger({ dataDir })
  await copyLog(store, ledger.store)
  await ledger.close()
}

t.test(
  'given a ledger, when a unit is shown by its Chinese name as of a date, then its view prints',
  async (t) => {
    const text = duban('show', 'unit', '市商务委', '--as-of', '2023-01-31')
    t.equal(text.status, 0, text.stderr)
    t.match(text.stdout, /as of 2023-01-31, log position \d+/)
    t.match(text.stdout, /市商务委 \(cq-shangwuwei\): \d+ assignments/)
    const json = duban('show', 'unit', '市商务委', '--as-of', '2023-01-31', '--json')
    t.equal(json.status, 0, json.stderr)
    const view = JSON.parse(json.stdout) as { unitId: string; asOf: { date: string }; assignments: unknown[] }
    t.equal(view.unitId, 'cq-shangwuwei')
    t.equal(view.asOf.date, '2023-01-31')
    t.ok(view.assignments.length > 0)
  },
)

t.test(
  'given a ledger, when the overdue board is shown as JSON, then it lists overdue obligations',
  async (t) => {
    const result = duban('show', 'overdue', '--as-of', '2023-02-28', '--json', '--limit', '5')
    t.equal(result.status, 0, result.stderr)
    const board = JSON.parse(result.stdout) as {
      page: { total: number }
      lines: { workingDaysOverdue: number }[]
    }
    t.ok(board.page.total > 0, `${board.page.total} overdue`)
    t.ok(board.lines.length <= 5)
  },
)

t.test('given bad input, when shown, then one clear line and exit 2', async (t) => {
  for (const args of [
    ['show', 'unit', '不存在的单位'],
    ['show', 'overdue', '--as-of', '2023-02-30'],
    ['show', 'overdue', '--as-of', '99999999'],
    ['replay', 'no-such-model'],
  ]) {
    const result = duban(...args)
    t.equal(result.status, 2, `${args.join(' ')} exits 2`)
    t.match(result.stderr, /^duban: .+\n$/, `${args.join(' ')}: ${result.stderr.trim()}`)
  }
})

t.test('given read models, when one is replayed, then it reports the position reached', async (t) => {
  const result = duban('replay', 'obligations')
  t.equal(result.status, 0, result.stderr)
  t.match(result.stdout, /replayed obligations to position \d+ in [\d.]+ s/)
})

t.test(
  "given a ledger whose clock stands still, then `show` without --as-of is that day's view, not the machine's",
  async (t) => {
    standLedgerClockAt({ dataDir }, new Date('2023-01-31T02:00:00Z'), 'test ledger')
    t.teardown(() => rmSync(path.join(dataDir, 'clock.json'), { force: true }))
    const live = duban('show', 'unit', '市商务委', '--json')
    t.equal(live.status, 0, live.stderr)
    const view = JSON.parse(live.stdout) as {
      asOf: { date: string; live: boolean }
      assignments: { light: string }[]
    }
    t.same({ date: view.asOf.date, live: view.asOf.live }, { date: '2023-01-31', live: true })
    const asOf = JSON.parse(
      duban('show', 'unit', '市商务委', '--json', '--as-of', '2023-01-31').stdout,
    ) as typeof view
    t.same(
      view.assignments.map((a) => a.light),
      asOf.assignments.map((a) => a.light),
      "then today's lights are those of the ledger's date",
    )

    const overridden = duban('show', 'unit', '市商务委', '--json', '--now', '2023-02-15')
    t.equal(overridden.status, 0, overridden.stderr)
    t.equal((JSON.parse(overridden.stdout) as typeof view).asOf.date, '2023-02-15', 'then --now overrides it')
    const after = duban('show', 'unit', '市商务委', '--json', '--now', '2023-02-16')
    t.equal((JSON.parse(after.stdout) as typeof view).asOf.date, '2023-02-16', 'also after the subcommand')

    const bad = duban('--now', 'yesterday', 'show', 'unit', '市商务委')
    t.equal(bad.status, 2)
    t.match(bad.stderr, /--now "yesterday": expected a date/)
  },
)

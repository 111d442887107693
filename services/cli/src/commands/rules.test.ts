/**
 * `duban verify --rules` and `duban what-if` as a user runs them, on two simulated ledgers of the
 * same months: one recorded under ladder-2022.1 (as ledgers before ladder-2026.1 were), one under
 * the current ladder.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { policy } from '@duban/domain'
import { openEmbeddedLedger } from '@duban/runtime'
import { copyLog, simulate } from '@duban/simulation'
import { entryArgs } from '@duban/testing'
import t from 'tap'

t.setTimeout(600_000)
const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], {
    env: { ...process.env, DUBAN_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 300_000,
  })

async function ledgerUnder(ladder: policy.EscalationPolicy): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-rules-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  // 2023-Q2 falls due Friday 07-07: ladder-2022.1 reminds on Saturday 07-08.
  const { store } = await simulate({ from: '2023-04-01', to: '2023-07-25', seed: 3, ladder })
  const ledger = openEmbeddedLedger({ dataDir })
  await copyLog(store, ledger.store)
  await ledger.close()
  await store.close()
  return dataDir
}

const old = await ledgerUnder(policy.escalationPolicy('ladder-2022.1'))
const current = await ledgerUnder(policy.escalationPolicy('ladder-2026.1'))

t.test(
  'given a ledger recorded under ladder-2022.1, when verified with --rules, then it fails naming the broken rules',
  async (t) => {
    const result = duban(old, 'verify', '--rules')
    t.equal(result.status, 1, result.stderr)
    t.match(result.stdout, /verify ok: \d+ events/, 'the hash chain itself is intact')
    t.match(result.stdout, /FAIL steps-on-working-days: [1-9]\d*/)
    t.match(result.stdout, /2023-07-08 assignment-\S+ @\d+: ReminderSent on 2023-07-08, not a working day/)
    t.match(result.stderr, /rules FAILED: .*steps-on-working-days \(\d+\)/)
    const json = duban(old, 'verify', '--rules', '--json')
    const report = JSON.parse(json.stdout) as { rules: { rules: { name: string; violations: number }[] } }
    t.same(
      report.rules.rules.map((r) => r.name),
      [
        'steps-on-working-days',
        'no-escalation-within-answer-window',
        'no-escalation-before-commitment',
        'no-obligation-after-unit-ceased',
        'no-step-while-awaiting-review',
      ],
    )
  },
)

t.test(
  'given a ledger recorded under ladder-2026.1, when verified with --rules, then every rule holds',
  async (t) => {
    const result = duban(current, 'verify', '--rules')
    t.equal(result.status, 0, result.stderr)
    t.match(result.stdout, /ok {3}steps-on-working-days: 0/)
    t.match(result.stdout, /ok {3}no-step-while-awaiting-review: 0/)
    t.match(result.stdout, /ok {3}no-obligation-after-unit-ceased: 0/)
  },
)

t.test(
  'given the old ledger, when what-if replays it under its recorded ladder, then nothing differs',
  async (t) => {
    const result = duban(old, 'what-if', '--ladder', 'recorded')
    t.equal(result.status, 0, result.stderr)
    t.match(result.stdout, /ladder steps: (\d+) recorded, \1 under/)
    t.match(result.stdout, /no step and no light would differ/)
  },
)

t.test(
  'given the old ledger, when what-if replays it under ladder-2026.1, then per unit the differences print',
  async (t) => {
    const result = duban(old, 'what-if', '--ladder', 'ladder-2026.1', '--as-of', '2023-07-08', '--details')
    t.equal(result.status, 0, result.stderr)
    t.match(result.stdout, /what-if: ladder-2026\.1, as of 2023-07-08/)
    t.match(result.stdout, /cq-\S+/)
    t.match(result.stdout, /- cq-\S+ \S+ overdue 2023-07-08 \(overdue\.20230707\.2023-Q2, recorded\)/)
    t.match(result.stdout, /red→yellow/)
  },
)

t.test('given an unknown ladder or a bad date, when what-if runs, then it refuses with exit 2', async (t) => {
  const unknown = duban(old, 'what-if', '--ladder', 'ladder-1999.1')
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /unknown ladder version ladder-1999\.1; known: ladder-2022\.1, ladder-2026\.1/)
  const bad = duban(old, 'what-if', '--ladder', 'ladder-2026.1', '--as-of', '8 July')
  t.equal(bad.status, 2)
  t.match(bad.stderr, /--as-of is a business date/)
})

/** One clock for a ledger: the instant it stands at, else the system clock; `--now` overrides both. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { LedgerClockError, ledgerClock, parseNow, standLedgerClockAt } from './ledger-clock'

const fresh = (t: Test) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-clock-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  return { dataDir }
}

t.test('given no clock file, then the ledger runs on the system clock', async (t) => {
  const before = Date.now()
  const now = ledgerClock(fresh(t)).now().getTime()
  t.ok(now >= before && now <= Date.now() + 1000)
})

t.test('given a ledger stood at an instant, then its clock stays there', async (t) => {
  const config = fresh(t)
  standLedgerClockAt(config, new Date('2023-11-15T02:00:00.000Z'), 'demo ledger')
  t.equal(ledgerClock(config).now().toISOString(), '2023-11-15T02:00:00.000Z')
  t.equal(
    ledgerClock(config, '2024-01-02').now().toISOString(),
    '2024-01-02T02:00:00.000Z',
    'unless --now says otherwise',
  )
})

t.test('given a --now, then a date is 10:00 in Shanghai and an instant keeps its offset', async (t) => {
  t.equal(parseNow('2023-10-09').toISOString(), '2023-10-09T02:00:00.000Z')
  t.equal(parseNow('2023-10-09T08:30:00+08:00').toISOString(), '2023-10-09T00:30:00.000Z')
  t.equal(parseNow('2023-10-09T00:30:00Z').toISOString(), '2023-10-09T00:30:00.000Z')
  for (const bad of ['yesterday', '2023-02-30', '2023-10-09T08:30:00', '20231009'])
    t.throws(() => parseNow(bad), LedgerClockError, bad)
})

t.test('given a damaged clock file, then opening says which file and how to fix it', async (t) => {
  const config = fresh(t)
  writeFileSync(path.join(config.dataDir, 'clock.json'), '{"standsAt":"soon"}')
  t.throws(() => ledgerClock(config), { name: 'LedgerClockError', message: /clock\.json does not say/ })
  writeFileSync(path.join(config.dataDir, 'clock.json'), 'not json')
  t.throws(() => ledgerClock(config), { message: /is not JSON: delete it/ })
})

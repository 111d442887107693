/**
 * `duban bulletin` and `duban export ledger` as a user runs them, on a simulated ledger in a
 * temporary DUBAN_DATA_DIR: a bulletin as Word and as a web page as of a date, the 台账 as Excel
 * (read back with SheetJS), and bad input refused with exit 2, writing nothing.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openEmbeddedLedger, standLedgerClockAt } from '@duban/runtime'
import { copyLog, simulate } from '@duban/simulation'
import { entryArgs } from '@duban/testing'
import t from 'tap'
import * as XLSX from 'xlsx'

// Each case starts the CLI as a process; on a busy machine that is slow, and no timing is asserted.
t.setTimeout(600_000)

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-bulletin-'))
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
const duban = (...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], {
    env: { ...process.env, DUBAN_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 300_000,
  })

{
  const { store } = await simulate({ from: '2022-10-08', to: '2023-02-28', seed: 5 })
  const ledger = openEmbeddedLedger({ dataDir })
  await copyLog(store, ledger.store)
  await ledger.close()
  standLedgerClockAt({ dataDir }, new Date('2023-02-28T02:00:00Z'), 'test ledger')
}

t.test('a bulletin for a period as of a date, as Word and as a web page', async (t) => {
  const docx = path.join(dataDir, 'q4.docx')
  const result = duban('bulletin', '--from', '2023-01-01', '--to', '2023-01-31', '--as-of', '2023-02-20')
  t.equal(result.status, 2, 'no --format: refused')
  const word = duban(
    'bulletin',
    '--from',
    '2023-01-01',
    '--to',
    '2023-01-31',
    '--as-of',
    '2023-02-20',
    '--format',
    'docx',
    '--out',
    docx,
  )
  t.equal(word.status, 0, word.stderr)
  t.match(word.stderr, /\d+ due, \d+ on time, \d+ units ranked, as of 2023-02-20/)
  t.same(readFileSync(docx).subarray(0, 2), Buffer.from('PK'), 'a zip (OOXML) file')
  const html = path.join(dataDir, 'q4.html')
  const page = duban(
    'bulletin',
    '--from',
    '2023-01-01',
    '--to',
    '2023-01-31',
    '--format',
    'html',
    '--out',
    html,
  )
  t.equal(page.status, 0, page.stderr)
  t.match(readFileSync(html, 'utf8'), '<h1>督查通报（2023-01-01至2023-01-31）</h1>')
})

t.test('the 台账 as Excel as of a date, read back with SheetJS', async (t) => {
  const file = path.join(dataDir, 'taizhang.xlsx')
  const result = duban('export', 'ledger', '--as-of', '2023-02-20', '--format', 'xlsx', '--out', file)
  t.equal(result.status, 0, result.stderr)
  const book = XLSX.read(readFileSync(file), { cellDates: true })
  t.equal(book.SheetNames.length, 4, 'two plans, indicators, escalations')
  const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!)
  t.ok(rows.length > 40, `${rows.length} rows of the first plan`)
  t.ok(rows[0]!['交办日期'] instanceof Date, 'dates as dates')
})

t.test('bad input is refused with exit 2 and writes nothing', async (t) => {
  const out = path.join(dataDir, 'never.docx')
  const backwards = duban(
    'bulletin',
    '--from',
    '2023-02-01',
    '--to',
    '2023-01-01',
    '--format',
    'docx',
    '--out',
    out,
  )
  t.equal(backwards.status, 2)
  t.match(backwards.stderr, /--from no later than --to/)
  const future = duban(
    'bulletin',
    '--from',
    '2023-01-01',
    '--to',
    '2023-01-31',
    '--as-of',
    '2030-01-01',
    '--format',
    'docx',
    '--out',
    out,
  )
  t.equal(future.status, 2)
  t.match(future.stderr, /after today/)
  t.notOk(existsSync(out), 'no file written')
  const unknown = duban('bulletin', 'verify', 'no-such-bulletin')
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /no bulletin no-such-bulletin/)
  const xls = duban('export', 'ledger', '--format', 'csv', '--out', out)
  t.equal(xls.status, 2)
})

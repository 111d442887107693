/** `duban import FILE`: the example's draft as JSON on stdout; bad input exits 2 with a clear message. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHONGQING_2022_EXAMPLE } from '@duban/plan-import'
import { entryArgs } from '@duban/testing'
import iconv from 'iconv-lite'
import t from 'tap'

// Each case starts the CLI as a process (tsx): a dozen of them take a while on a loaded machine.
t.setTimeout(300_000)
const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], { encoding: 'utf8', timeout: 60_000 })

t.test(
  'the example as JSON: two plans, 48 items with a unit list and one with a lead in prose',
  async (t) => {
    const run = duban('import', fileURLToPath(CHONGQING_2022_EXAMPLE), '--json')
    t.equal(run.status, 0, run.stderr)
    const draft = JSON.parse(run.stdout) as {
      plans: {
        period: unknown
        items: { kind: string; allDistricts: boolean; lead: { name: string }; leadSource: string }[]
      }[]
    }
    t.equal(draft.plans.length, 2)
    t.same(draft.plans[0]!.period, { from: 2022, to: 2024 })
    const items = draft.plans.flatMap((plan) => plan.items)
    t.equal(items.filter((item) => item.leadSource === 'clause').length, 48)
    t.same(
      items.filter((item) => item.leadSource === 'prose').map((item) => item.lead.name),
      ['市商务委'],
      '保障措施(一) of plan one: 市商务委牵头',
    )
    t.ok(
      items.filter((item) => item.kind === 'task').every((item) => item.allDistricts),
      'every task binds all districts',
    )
    t.equal(draft.plans[0]!.items[0]!.lead.name, '市经济信息委')
  },
)

t.test('the table for people', async (t) => {
  const run = duban('import', fileURLToPath(CHONGQING_2022_EXAMPLE))
  t.equal(run.status, 0)
  t.match(run.stdout, /重庆市推动外贸高质量发展三年行动计划/)
  t.match(run.stdout, /市经济信息委/)
})

t.test('a GBK text read with the State Council directory', async (t) => {
  const directory = mkdtempSync(path.join(tmpdir(), 'duban-cli-import-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  const file = path.join(directory, 'fengong.txt')
  writeFileSync(
    file,
    iconv.encode(
      '国务院关于落实《政府工作报告》重点工作部门分工的意见\n国发〔2020〕6号\n一、重点工作\n1.稳就业。（人力资源社会保障部、教育部按职责分工负责，年内持续推进）\n2.减税降费。（财政部牵头，税务总局配合，6月底前出台）',
      'gbk',
    ),
  )
  const run = duban('import', file, '--json', '--jurisdiction', 'state-council')
  t.equal(run.status, 0, run.stderr)
  const draft = JSON.parse(run.stdout) as {
    plans: {
      items: {
        lead: { unitId: string }
        coUnits: { unitId: string }[]
        deadline: { due: string | null; cadence: string | null }
      }[]
    }[]
  }
  const [first, second] = draft.plans[0]?.items ?? []
  t.equal(first?.lead.unitId, 'gwy-renshebu')
  t.equal(first?.deadline.cadence, 'ongoing')
  t.same(
    second?.coUnits.map((unit) => unit.unitId),
    ['gwy-shuiwuzongju'],
  )
  t.equal(second?.deadline.due, '2020-06-30')
  const unknown = duban('import', file, '--jurisdiction', 'mars')
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /unknown jurisdiction "mars"; known: chongqing, state-council/)
})

t.test('bad input exits 2 with one clear line', async (t) => {
  const directory = mkdtempSync(path.join(tmpdir(), 'duban-cli-import-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  const empty = path.join(directory, 'empty.txt')
  const binary = path.join(directory, 'binary.bin')
  const prose = path.join(directory, 'prose.txt')
  writeFileSync(empty, '')
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]))
  writeFileSync(prose, '今天天气很好,我们去公园散步。')
  const noUnits = path.join(directory, 'no-units.txt')
  writeFileSync(noUnits, '某某工作方案\n一、重点任务\n1.做好工作。\n2.加强管理。')
  const huge = path.join(directory, 'huge.txt')
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x41))
  const scanned = path.join(directory, 'scan.pdf')
  // A PDF whose one page holds no text (what a scanner produces, minus the image).
  writeFileSync(
    scanned,
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  )
  for (const [file, pattern] of [
    [empty, /empty/i],
    [binary, /binary|not text|UTF-8/i],
    [prose, /no plan found/],
    [noUnits, /no responsible units/],
    [huge, /50 MB.*at most 20 MB/],
    [scanned, /no text layer.*OCR/],
    [path.join(directory, 'missing.txt'), /cannot read .*ENOENT/],
  ] as const) {
    const run = duban('import', file)
    t.equal(run.status, 2, `${path.basename(file)} exits 2`)
    t.match(run.stderr, pattern, `${path.basename(file)}: ${run.stderr.trim()}`)
    t.equal(run.stdout, '', 'nothing on stdout')
  }
})

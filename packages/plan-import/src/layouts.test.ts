// One fixture per layout seen in real plans; expectations written from each fixture's text.
import { readFileSync } from 'node:fs'
import t from 'tap'
import type { DraftPlan } from './draft-schema'
import { importPlans } from './parse'

const load = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
const only = (name: string) => {
  const text = load(name)
  const plan = importPlans(text).plans[0] as DraftPlan
  return { text, plan, draft: importPlans(text) }
}
const names = (units: { name: string }[]) => units.map((unit) => unit.name)

t.test('full-width punctuation: （责任单位：…）, 〔…〕, ；, full-width brackets inside names', async (t) => {
  const { plan, draft } = only('fullwidth.txt')
  t.equal(plan.title, '重庆市促进服务贸易创新发展三年行动计划')
  t.same(plan.period, { from: 2023, to: 2025 })
  t.equal(plan.issuedOn, '2023-03-01')
  const [t1, t2, t3, s1, s2] = plan.items
  t.equal(t1?.lead?.name, '市商务委')
  t.same(names(t1?.coUnits ?? []), ['市经济信息委'])
  t.equal(t1?.allDistrictsSource, 'explicit')
  t.equal(t2?.allDistrictsSource, 'carried', '以下均需各区县政府负责，不再列出 binds later tasks')
  t.equal(t3?.lead?.unitId, 'cq-yinbaojianju', '重庆银保监局 resolves as of 2023-03-01')
  t.same(
    t1?.targets.map((x) => [x.comparator, x.value, x.measure, x.yearly, x.from, x.basis]),
    [
      ['gte', 20, '家', true, 2024, 'level'],
      // 累计培育…3个: a count to cultivate is a floor.
      ['gte', 3, '个', false, 2024, 'cumulative'],
    ],
  )
  t.equal(t1?.startYear, 2024)
  t.same(
    t2?.targets.map((x) => [x.comparator, x.value, x.measure]),
    [
      ['lte', 3, '个工作日'],
      ['milestone', null, null],
    ],
  )
  t.same(
    t3?.targets.map((x) => [x.comparator, x.value, x.measure]),
    [['gte', 30000000, '元']],
    '0.3亿元 folds to 30000000 元',
  )
  t.same(
    plan.goals.map((x) => [x.comparator, x.value, x.measure, x.year]),
    [
      ['growth', 8, '%', 2025],
      ['gte', 50, '%', 2025],
      ['gte', 15000, '家', 2025],
      ['milestone', null, null, 2025],
    ],
  )
  t.equal(s1?.leadSource, 'prose')
  t.equal(s2?.lead?.name, '市统计局')
  t.ok(draft.warnings.some((w) => w.code === 'lead_from_prose' && w.itemId === 's1'))
})

t.test('an unknown unit is kept as written and flagged, never dropped', async (t) => {
  const { plan, draft } = only('fullwidth.txt')
  const t2 = plan.items[1]
  t.same(t2?.coUnits[1], { name: '市外星事务局', unitId: null, unknown: true })
  const warning = draft.warnings.find((w) => w.code === 'unknown_unit')
  t.equal(warning?.itemId, 't2')
  t.match(warning?.message ?? '', /市外星事务局/)
})

t.test('(牵头单位:X;配合单位:Y、Z) and （牵头单位：X，配合单位：Y，各区、县级市）', async (t) => {
  const { plan, draft } = only('lead-and-co.txt')
  t.equal(plan.title, '重庆市跨境电商提质行动方案', 'a period on the title line')
  t.same(plan.period, { from: 2024, to: 2026 })
  const [t1, t2, t3] = plan.items
  t.equal(t1?.lead?.name, '市商务委')
  t.same(names(t1?.coUnits ?? []), ['市经济信息委', '市规划自然资源局'])
  t.equal(t1?.allDistricts, false, 'no carry-over clause in this plan')
  t.same(names(t2?.coUnits ?? []), ['市财政局', '重庆海关'])
  t.equal(t2?.allDistricts, true, '各区、县级市 binds all districts and is not split into two units')
  t.same(names(t3?.coUnits ?? []), ['各综合保税区管委会'])
  t.equal(t3?.someDistricts, true)
  t.equal(t3?.allDistricts, false)
  t.ok(draft.warnings.some((w) => w.code === 'some_districts'))
  t.same(
    plan.goals.map((x) => [x.comparator, x.value, x.measure, x.year]),
    [['gte', 800 * 1e8, '元', 2026]],
  )
})

t.test('（X、Y负责）: the first listed leads; other brackets in the text are not unit lists', async (t) => {
  const { plan } = only('fuze.txt')
  t.equal(plan.issuer, null)
  t.same(
    plan.items.map((item) => [item.lead?.name, names(item.coUnits)]),
    [
      ['重庆海关', ['市政府口岸物流办']],
      ['市发展改革委', ['市市场监管局', '市交通局']],
      ['重庆海关', []],
    ],
  )
  t.same(
    plan.items[0]?.targets.map((x) => [x.comparator, x.value, x.measure, x.year]),
    [
      ['lte', 30, '个小时', 2023],
      ['lte', 1.5, '个工作日', 2023],
    ],
    '压缩至…以内 and 不超过 are both at most',
  )
  t.same(
    plan.items[2]?.targets.map((x) => [x.comparator, x.value, x.measure, x.yearFromPeriod]),
    [['gte', 60, '%', true]],
  )
})

t.test('牵头单位： and 责任单位： on their own lines under an item', async (t) => {
  const { text, plan } = only('unit-lines.txt')
  const [t1, t2] = plan.items
  t.equal(t1?.lead?.name, '市市场监管局')
  t.same(names(t1?.coUnits ?? []), ['市商务委', '市经济信息委', '重庆海关'])
  t.equal(t1?.title, '推进标准认证衔接')
  t.match(t1?.body ?? '', /^开展国内国际标准转化/)
  t.equal(t2?.lead?.name, '市商务委')
  t.same(names(t2?.coUnits ?? []), ['市农业农村委'])
  t.equal(t2?.allDistricts, true)
  const source = text.slice(t2?.span.start, t2?.span.end)
  t.ok(source.endsWith('各区县政府'), 'the span ends with the unit line')
  t.notMatch(source, /本方案自印发之日起施行/, 'a closing remark is not part of the last item')
  t.same(
    t2?.targets.map((x) => [x.comparator, x.value, x.measure, x.yearly]),
    [['gte', 10, '场', true]],
  )
})

t.test('tasks straight under a chapter heading ("一、主要任务"): the chapter is their section', async (t) => {
  const text = `重庆市推动示范三年行动计划\n(2022—2024年)\n一、主要任务\n1.开展示范。每年开展10场以上示范活动。(责任单位:市商务委)\n2.培育主体。(责任单位:市商务委)\n`
  const plan = importPlans(text).plans[0] as DraftPlan
  t.match(plan.sections, [{ id: 'g1', kind: 'tasks', number: '一', title: '主要任务' }])
  t.equal(plan.sections.length, 1)
  t.same(
    plan.items.map((item) => item.sectionId),
    ['g1', 'g1'],
  )
})

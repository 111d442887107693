// Golden tables for the example document, written by hand from its text (not from parser output).
// A count to build, cultivate or hold (培育20个, 建设8个, 举办100场) is a floor, 'gte' (issue 12,
// item 4); these eight targets read 'eq' before that rule.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import type { DraftItem, DraftPlan, Target } from './draft-schema'
import { PlanDraft } from './draft-schema'
import { STREAM_ID } from './ids'
import { importPlans } from './parse'

const text = readFileSync(
  new URL('../fixtures/chongqing-2022-foreign-trade-and-investment.txt', import.meta.url),
  'utf8',
)
const draft = importPlans(text)
const [trade, investment] = draft.plans as [DraftPlan, DraftPlan]

/** [comparator, value, measure, year, yearly] */
type T = [Target['comparator'], number | null, string | null, number, boolean]
/** [lead, co-units in order, targets] */
type Row = [string, string[], T[]]

const 亿 = 1e8
const TRADE_TASKS: Row[] = [
  ['市经济信息委', ['市发展改革委', '市商务委'], [['gte', 20, '个', 2024, false]]],
  ['市经济信息委', ['市商务委', '市科技局', '市市场监管局', '市大数据发展局'], []],
  [
    '市商务委',
    ['市发展改革委', '市经济信息委', '市招商投资局', '重庆海关', '各综合保税区管委会'],
    [['gte', 10, '场', 2024, true]],
  ],
  [
    '市商务委',
    ['市经济信息委', '市农业农村委', '市科技局'],
    [
      ['gte', 40, '%', 2024, false],
      ['gte', 7000 * 亿, '元', 2024, false],
    ],
  ],
  [
    '市商务委',
    ['市经济信息委', '重庆海关', '各综合保税区管委会'],
    [
      ['gte', 3500 * 亿, '元', 2024, false],
      ['gte', 4500 * 亿, '元', 2024, false],
      ['gte', 2000 * 亿, '元', 2024, false],
    ],
  ],
  [
    '市商务委',
    ['市发展改革委', '市经济信息委', '市农业农村委'],
    [
      ['gte', 8800 * 亿, '元', 2024, false],
      ['gte', 1000 * 亿, '元', 2024, false],
      ['gte', 200 * 亿, '元', 2024, false],
    ],
  ],
  ['市商务委', ['市招商投资局'], [['gte', 500, '家', 2024, false]]],
  ['市商务委', ['市经济信息委'], [['gte', 100, '家', 2024, false]]],
  [
    '市商务委',
    ['市市场监管局'],
    [
      ['gte', 10, '家', 2024, false],
      ['gte', 100, '家', 2024, false],
    ],
  ],
  ['市商务委', ['市中新项目管理局', '市贸促会'], [['gte', 30, '%', 2024, false]]],
  [
    '市商务委',
    ['市中新项目管理局', '市招商投资局', '市贸促会'],
    [
      ['gte', 100, '场', 2024, true],
      ['gte', 10000, '家次', 2024, false],
    ],
  ],
  [
    '市商务委',
    ['市金融监管局', '市贸促会', '人行重庆营管部', '进出口银行重庆分行'],
    [
      ['gte', 10, '家', 2024, false],
      ['gte', 8, '家', 2024, false],
    ],
  ],
  [
    '市商务委',
    ['市政府口岸物流办', '市邮政管理局', '重庆海关', '重庆市税务局', '人行重庆营管部'],
    [
      ['gte', 8, '个', 2024, false],
      ['gte', 100, '场', 2024, true],
      ['gte', 2000, '家', 2024, false],
      ['gte', 600 * 亿, '元', 2024, false],
    ],
  ],
  [
    '市商务委',
    ['市生态环境局', '重庆海关', '重庆市税务局', '各综合保税区管委会'],
    [['gte', 100 * 亿, '元', 2024, false]],
  ],
  [
    '市商务委',
    ['市经济信息委', '重庆海关', '重庆市税务局', '人行重庆营管部'],
    [
      ['milestone', null, null, 2024, false],
      ['eq', 300 * 亿, '元', 2024, false],
      ['milestone', null, null, 2024, false],
    ],
  ],
  [
    '市商务委',
    ['市统计局', '市经济信息委', '人行重庆营管部', '市卫生健康委', '市人力社保局', '市科技局'],
    [],
  ],
  ['市政府口岸物流办', ['市交通局', '市商务委', '市市场监管局', '市中新项目管理局', '重庆海关'], []],
  ['市商务委', ['市经济信息委', '人行重庆营管部'], []],
  ['市商务委', ['市发展改革委'], []],
  [
    '市发展改革委',
    [
      '市商务委',
      '市政府口岸物流办',
      '重庆银保监局',
      '重庆海关',
      '重庆市税务局',
      '人行重庆营管部',
      '进出口银行重庆分行',
    ],
    [
      ['eq', 3, '个', 2024, false],
      ['gte', 100 * 亿, '元', 2024, false],
    ],
  ],
  ['市商务委', ['市贸促会', '重庆海关', '重庆市税务局', '人行重庆营管部'], [['gte', 30, '%', 2024, false]]],
  ['市政府口岸物流办', ['重庆海关', '市科技局', '市卫生健康委', '市商务委'], []],
  ['重庆市税务局', [], [['lte', 6, '个工作日', 2024, false]]],
  ['人行重庆营管部', ['市金融监管局'], []],
  ['人行重庆营管部', ['重庆银保监局', '市金融监管局', '市发展改革委', '市商务委', '进出口银行重庆分行'], []],
  [
    '人行重庆营管部',
    ['重庆银保监局', '市金融监管局', '市商务委', '中国信保重庆分公司', '进出口银行重庆分行'],
    [['gte', 10, '%', 2024, false]],
  ],
]

const INVESTMENT_TASKS: Row[] = [
  ['市商务委', ['市发展改革委', '市经济信息委', '市市场监管局'], []],
  [
    '市委网信办',
    ['市大数据发展局', '市卫生健康委', '市财政局', '市教委', '市人力社保局', '市金融监管局', '市商务委'],
    [],
  ],
  [
    '市商务委',
    [
      '市发展改革委',
      '市住房城乡建委',
      '市交通局',
      '市水利局',
      '市城市管理局',
      '市卫生健康委',
      '市文化旅游委',
      '市国资委',
    ],
    [],
  ],
  ['市商务委', ['市招商投资局', '市经济信息委', '市政府口岸物流办', '市中新项目管理局', '市财政局'], []],
  [
    '市商务委',
    [
      '市招商投资局',
      '市金融监管局',
      '市财政局',
      '市市场监管局',
      '市公安局',
      '重庆海关',
      '人行重庆营管部',
      '重庆银保监局',
      '重庆边检总站',
    ],
    [],
  ],
  [
    '市委组织部',
    [
      '市商务委',
      '市科技局',
      '市财政局',
      '市人力社保局',
      '市经济信息委',
      '市知识产权局',
      '重庆市税务局',
      '重庆海关',
    ],
    [],
  ],
  [
    '市商务委',
    [
      '市金融监管局',
      '市国资委',
      '市发展改革委',
      '市经济信息委',
      '市生态环境局',
      '市规划自然资源局',
      '重庆证监局',
      '人行重庆营管部',
      '重庆市税务局',
    ],
    [],
  ],
  [
    '市商务委',
    [
      '市经济信息委',
      '市发展改革委',
      '市金融监管局',
      '市科技局',
      '市招商投资局',
      '市文化旅游委',
      '市民政局',
      '市卫生健康委',
      '市教委',
    ],
    [],
  ],
  ['市商务委', ['市经济信息委', '市招商投资局', '市财政局', '市政府外办'], []],
  ['市商务委', ['市财政局', '市招商投资局', '市经济信息委'], []],
  [
    '市金融监管局',
    ['市财政局', '市商务委', '重庆银保监局', '人行重庆营管部'],
    [['lte', 1, '%', 2024, false]],
  ],
  [
    '市规划自然资源局',
    ['市商务委', '市人力社保局', '市教委', '市科技局', '市公安局', '市财政局', '市知识产权局'],
    [],
  ],
  [
    '市发展改革委',
    ['市商务委', '市经济信息委', '重庆市税务局', '市财政局', '市市场监管局', '市知识产权局'],
    [],
  ],
  ['重庆海关', ['市政府口岸物流办', '市商务委'], []],
  ['市商务委', ['市招商投资局', '市人力社保局', '市政府外办', '市市场监管局', '重庆市税务局'], []],
  ['市教委', ['市人力社保局', '市民政局'], []],
  ['市卫生健康委', ['市医保局', '市人力社保局'], []],
  ['市公安局', ['市科技局', '市人力社保局', '人行重庆营管部', '市政府外办', '市住房城乡建委'], []],
]

const INVESTMENT_SAFEGUARDS: Row[] = [
  ['市商务委', ['市招商投资局', '市发展改革委', '市经济信息委', '市规划自然资源局', '市金融监管局'], []],
  ['市商务委', ['市招商投资局', '市经济信息委', '市规划自然资源局', '市金融监管局', '市国资委'], []],
  ['市委组织部', ['市商务委', '市教委'], []],
  ['市商务委', ['市招商投资局', '市财政局', '市发展改革委'], []],
]

const tasks = (plan: DraftPlan) => plan.items.filter((item) => item.kind === 'task')
const safeguards = (plan: DraftPlan) => plan.items.filter((item) => item.kind === 'safeguard')
const targetRow = (target: Target): T => [
  target.comparator,
  target.value,
  target.measure,
  target.year ?? 0,
  target.yearly,
]

function checkRows(t: Test, items: DraftItem[], rows: Row[]) {
  t.equal(items.length, rows.length)
  rows.forEach(([lead, coUnits, targets], index) => {
    const item = items[index]
    if (!item) return
    t.equal(item.lead?.name, lead, `${item.id} lead`)
    t.same(
      item.coUnits.map((unit) => unit.name),
      coUnits,
      `${item.id} co-units`,
    )
    t.same(item.targets.map(targetRow), targets, `${item.id} targets`)
  })
}

t.test('the example holds two plans with their titles, issuer, date and period', async (t) => {
  t.equal(draft.plans.length, 2)
  t.equal(trade.title, '重庆市推动外贸高质量发展三年行动计划')
  t.equal(investment.title, '重庆市建设高质量外资集聚地三年行动计划')
  for (const plan of draft.plans) {
    t.equal(plan.issuer, '重庆市人民政府办公厅')
    t.equal(plan.issuedOn, '2022-09-20')
    t.same(plan.period, { from: 2022, to: 2024 })
  }
  t.ok(PlanDraft.safeParse(draft).success, 'the draft validates against its schema')
})

t.test('plan one: 26 tasks in 8 groups, every lead, co-unit and target as written', async (t) => {
  const groups = trade.sections.filter((section) => section.kind === 'tasks')
  t.equal(groups.length, 8)
  t.same(
    groups.map((group) => group.title),
    [
      '实施贸产融合提升行动',
      '实施贸易结构优化行动',
      '实施贸易主体壮大行动',
      '实施多元化国际市场拓展行动',
      '实施对外贸易创新行动',
      '实施外贸产业链供应链畅通行动',
      '实施区域合作提升行动',
      '实施贸易便利化行动',
    ],
  )
  t.same(
    tasks(trade).map((item) => item.number),
    Array.from({ length: 26 }, (_, i) => String(i + 1)),
  )
  // Tasks per group: 3, 3, 3, 3, 4, 3, 2, 5.
  t.same(
    groups.map((group) => tasks(trade).filter((item) => item.sectionId === group.id).length),
    [3, 3, 3, 3, 4, 3, 2, 5],
  )
  checkRows(t, tasks(trade), TRADE_TASKS)
})

t.test('plan two: 18 tasks in 6 groups and 4 safeguards with responsible units', async (t) => {
  const groups = investment.sections.filter((section) => section.kind === 'tasks')
  t.equal(groups.length, 6)
  t.same(
    groups.map((group) => tasks(investment).filter((item) => item.sectionId === group.id).length),
    [3, 3, 3, 3, 3, 3],
  )
  checkRows(t, tasks(investment), INVESTMENT_TASKS)
  checkRows(t, safeguards(investment), INVESTMENT_SAFEGUARDS)
  t.same(
    safeguards(investment).map((item) => [item.number, item.title]),
    [
      ['一', '加强组织领导'],
      ['二', '落实引资责任'],
      ['三', '提升能力水平'],
      ['四', '加强绩效管理'],
    ],
  )
  t.equal(tasks(investment)[9]?.startYear, 2023, '从2023年开始 gives task 10 its start')
})

t.test('48 items carry a responsible-unit list; plan one 保障措施(一) names its lead in prose', async (t) => {
  const listed = draft.plans.flatMap((plan) => plan.items.filter((item) => item.leadSource === 'clause'))
  t.equal(listed.length, 48)
  const prose = safeguards(trade)
  t.equal(prose.length, 1)
  t.equal(prose[0]?.lead?.name, '市商务委')
  t.equal(prose[0]?.leadSource, 'prose')
  const skipped = draft.warnings.filter((w) => w.code === 'safeguard_without_units' && w.planId === trade.id)
  t.equal(skipped.length, 2, 'safeguards (二) and (三) name no unit and are reported, not imported')
})

t.test('every task of both plans binds all district governments', async (t) => {
  for (const plan of draft.plans) {
    for (const item of tasks(plan)) t.ok(item.allDistricts, `${plan.title} ${item.id}`)
    t.equal(tasks(plan)[0]?.allDistrictsSource, 'explicit')
    t.ok(
      tasks(plan)
        .slice(1)
        .every((item) => item.allDistrictsSource === 'carried'),
    )
  }
  for (const item of draft.plans.flatMap((plan) => plan.items)) {
    t.notOk(
      item.coUnits.some((unit) => /区县|两江新区|高新区|万盛/.test(unit.name)),
      `${item.id}: districts are not co-units`,
    )
  }
})

t.test('plan-level goals (发展目标)', async (t) => {
  t.same(trade.goals.map(targetRow), [
    ['gte', 1e12, '元', 2024, false],
    ['gte', 30000, '家', 2024, false],
    ['gte', 10, '家', 2024, false],
    ['gte', 1000 * 亿, '元', 2024, false],
  ])
  t.same(investment.goals.map(targetRow), [
    ['growth', 10, '%', 2024, true],
    ['gte', 30, '%', 2024, false],
  ])
  t.equal(investment.goals[0]?.from, 2022)
  t.equal(investment.goals[1]?.share, true)
})

t.test('target details: shares, cumulative counts, milestones, working days, period defaults', async (t) => {
  const task = (n: number) => tasks(trade)[n - 1]
  t.equal(task(4)?.targets[0]?.share, true, '占比提升至40%以上 is a share')
  t.equal(task(11)?.targets[1]?.basis, 'cumulative', '累计超过1万家(次)')
  t.match(task(15)?.targets[0]?.text ?? '', /实现“零”的突破/)
  t.match(task(15)?.targets[2]?.text ?? '', /常态化/)
  t.equal(task(3)?.targets[0]?.yearFromPeriod, true, '每年… has no year of its own: the period gives it')
  t.equal(task(3)?.targets[0]?.from, 2022)
  t.equal(task(23)?.targets[0]?.yearFromPeriod, true)
  t.equal(task(1)?.targets[0]?.yearFromPeriod, false, '到2024年 is stated')
})

t.test('spans point at each item source and target clause', async (t) => {
  for (const plan of draft.plans) {
    for (const item of plan.items) {
      const source = text.slice(item.span.start, item.span.end)
      t.ok(source.startsWith(item.kind === 'task' ? `${item.number}.` : `(${item.number})`), item.id)
      if (item.leadSource === 'clause') t.match(source, /[)〕]$/, `${item.id} ends with its unit list`)
      for (const target of item.targets) t.equal(text.slice(target.span.start, target.span.end), target.text)
    }
    for (const goal of plan.goals) t.equal(text.slice(goal.span.start, goal.span.end), goal.text)
  }
})

t.test('units resolve as of the issue date; every name in the example is known', async (t) => {
  t.equal(draft.warnings.filter((w) => w.code === 'unknown_unit').length, 0)
  const task20 = tasks(trade)[19]
  t.equal(task20?.coUnits.find((unit) => unit.name === '重庆银保监局')?.unitId, 'cq-yinbaojianju')
  const bonded = tasks(trade)[2]?.coUnits.at(-1)
  t.same(bonded, { name: '各综合保税区管委会', unitId: 'cq-zongbaoqu', members: [] })
  t.ok(draft.warnings.some((w) => w.code === 'group_without_members'))
})

t.test('ids are stable and stream-safe', async (t) => {
  const again = importPlans(text)
  t.same(
    again.plans.map((plan) => plan.id),
    draft.plans.map((plan) => plan.id),
  )
  t.not(trade.id, investment.id)
  for (const plan of draft.plans) {
    t.match(plan.id, /^2022-/)
    const ids = [
      plan.id,
      ...plan.sections.map((s) => s.id),
      ...plan.items.map((i) => i.id),
      ...plan.items.flatMap((i) => i.targets.map((x) => x.id)),
      ...plan.goals.map((g) => g.id),
    ]
    for (const id of ids) t.match(id, STREAM_ID)
    t.equal(new Set(plan.items.map((i) => i.id)).size, plan.items.length)
  }
  t.same(
    investment.items.slice(-4).map((item) => item.id),
    ['s1', 's2', 's3', 's4'],
  )
})

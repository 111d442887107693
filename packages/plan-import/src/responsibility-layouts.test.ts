// Every responsibility layout of issue 12 (item 2), one test each, on a small document written in
// that layout. Names are kept as written; a document without a directory keeps them unresolved.
import t from 'tap'
import type { DraftItem } from './draft-schema'
import { importPlans, NO_UNITS } from './parse'

const read = (body: string, title = '某市重点工作分工方案') =>
  importPlans(`${title}\n一、重点任务\n${body}`, { units: NO_UNITS, districtGroup: '' }).plans[0]?.items ?? []
const roles = (item: DraftItem | undefined) => ({
  lead: item?.lead?.name ?? null,
  co: item?.coUnits.map((unit) => unit.name) ?? [],
  districts: item?.allDistricts ?? false,
})

t.test('(责任单位:…) and 〔责任单位:…〕: the first listed leads', async (t) => {
  const [a, b] = read(
    '1.甲事项。(责任单位:市商务委、市财政局)\n2.乙事项。〔责任单位：市经济信息委，各区县（自治县）政府〕',
  )
  t.same(roles(a), { lead: '市商务委', co: ['市财政局'], districts: false })
  t.same(roles(b), { lead: '市经济信息委', co: [], districts: true })
})

t.test('（牵头单位：X；配合单位：Y、Z）', async (t) => {
  const [a] = read('1.甲事项。（牵头单位：市发展改革委；配合单位：市财政局、市商务局）')
  t.same(roles(a), { lead: '市发展改革委', co: ['市财政局', '市商务局'], districts: false })
})

t.test('（牵头单位：X，配合单位：Y，各区、县级市）', async (t) => {
  const [a] = read('1.甲事项。（牵头单位：市商务局，配合单位：市财政局，各区、县级市）')
  t.same(roles(a), { lead: '市商务局', co: ['市财政局'], districts: true })
})

t.test('（X、Y负责）, （X牵头，Y配合）, 由X负责', async (t) => {
  const [a, b, c, d] = read(
    [
      '1.甲事项。（财政部、税务总局负责）',
      '2.乙事项。（发展改革委牵头，国家能源局配合）',
      '3.丙事项，由农业部负责落实。',
      '4.丁事项，由国土资源部会同农业部等部门负责落实。',
    ].join('\n'),
  )
  t.same(roles(a), { lead: '财政部', co: ['税务总局'], districts: false })
  t.same(roles(b), { lead: '发展改革委', co: ['国家能源局'], districts: false })
  t.same(roles(c), { lead: '农业部', co: [], districts: false })
  t.same(roles(d), { lead: '国土资源部', co: ['农业部'], districts: false })
  t.equal(c?.leadSource, 'prose', 'a lead read from prose says so')
})

t.test('牵头单位:/责任单位:/配合单位: on their own lines, blank lines between', async (t) => {
  const [a, b] = read(
    '1.甲事项。\n\n牵头单位:区发改局\n\n责任单位:区财政局，各街道\n2.乙事项。\n牵头单位：区商务局\n配合单位：区市场局',
  )
  t.same(roles(a), { lead: '区发改局', co: ['区财政局'], districts: true })
  t.same(roles(b), { lead: '区商务局', co: ['区市场局'], districts: false })
})

t.test('several leads: "X、Y牵头" — the first leads, the others co-operate, a warning says so', async (t) => {
  const draft = importPlans(
    '某市工作要点\n一、任务\n1.甲事项。（市政府办公室、市审批局牵头，市级各有关部门及各县市区政府按职责分工负责）',
    {
      units: NO_UNITS,
    },
  )
  const [a] = draft.plans[0]?.items ?? []
  t.same(
    roles(a),
    { lead: '市政府办公室', co: ['市审批局'], districts: true },
    '市级各有关部门 is no one in particular',
  )
  t.ok(draft.warnings.some((w) => w.code === 'several_leads'))
})

t.test('a distribution table pasted as text, tab- or space-aligned', async (t) => {
  const tab = read(
    '序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t甲事项\t市商务局\t市财政局、市税务局\t2023年6月底前\n2\t乙事项\t市科技局\t各区政府\t长期坚持',
  )
  t.same(roles(tab[0]), { lead: '市商务局', co: ['市财政局', '市税务局'], districts: false })
  t.same(tab[0]?.deadline?.due, '2023-06-30')
  t.same(roles(tab[1]), { lead: '市科技局', co: [], districts: true })
  t.same(tab[1]?.deadline?.cadence, 'ongoing')
  const spaced = read(
    '序号  重点任务        牵头单位    配合单位\n1     甲事项          市商务局    市财政局\n2     乙事项          市科技局    市教育局',
  )
  t.same(spaced.map(roles), [
    { lead: '市商务局', co: ['市财政局'], districts: false },
    { lead: '市科技局', co: ['市教育局'], districts: false },
  ])
})

t.test('district groups in their local forms bind every district government', async (t) => {
  const forms = [
    '各区县（自治县）政府',
    '各区、县级市人民政府',
    '各市（州）人民政府',
    '各地级以上市人民政府',
    '各县市区政府',
    '各街道',
  ]
  const items = read(forms.map((form, i) => `${i + 1}.事项。（市商务局、${form}负责）`).join('\n'))
  t.same(
    items.map((item) => [item.lead?.name, item.allDistricts, item.coUnits.length]),
    forms.map(() => ['市商务局', true, 0]),
  )
  const chongqing = importPlans('某市方案\n一、任务\n1.事项。（市商务委、各区县（自治县）政府负责）')
  t.equal(
    chongqing.plans[0]?.items[0]?.allDistricts,
    true,
    'mapped to the Chongqing group (cq-quxianzhengfu)',
  )
})

t.test('deadlines per item: 完成时限, 2023年6月底前, 2024年年底前, 长期坚持, 持续推进, 每季度', async (t) => {
  const items = read(
    [
      '1.甲。完成时限：2023年9月底前（责任单位：市甲局）',
      '2.乙，2023年6月底前完成。（责任单位：市乙局）',
      '3.丙，2024年年底前建成。（责任单位：市丙局）',
      '4.丁。（市丁局负责，长期坚持）',
      '5.戊，持续推进。（责任单位：市戊局）',
      '6.己，每季度报送进展。（责任单位：市己局）',
    ].join('\n'),
    '某市2023年工作方案',
  )
  t.same(
    items.map((item) => [item.deadline?.due ?? null, item.deadline?.cadence ?? null]),
    [
      ['2023-09-30', null],
      ['2023-06-30', null],
      ['2024-12-31', null],
      [null, 'ongoing'],
      [null, 'ongoing'],
      [null, 'quarterly'],
    ],
  )
  for (const item of items)
    t.ok(item.deadline?.span.end ?? 0 > (item.deadline?.span.start ?? 0), 'with its source span')
})

t.test('targets: a count to build is a floor, 控制在…以内 a ceiling', async (t) => {
  const [a] = read(
    '1.甲事项。到2025年，培育100家龙头企业，建设8个示范区，打造3个品牌，失业率控制在5.5%以内。（责任单位：市甲局）',
  )
  t.same(
    a?.targets.map((x) => [x.comparator, x.value, x.measure]),
    [
      ['gte', 100, '家'],
      ['gte', 8, '个'],
      ['gte', 3, '个'],
      ['lte', 5.5, '%'],
    ],
  )
})

t.test('items without units stay as context; units on a heading bind there', async (t) => {
  const draft = importPlans(
    '某区政策举措\n一、强化科技创新（区科技局牵头）\n（一）加强平台建设。支持平台。\n（二）支持研发投入。给予奖励。\n二、其他事项\n1.加强宣传。\n2.推进甲事项。（责任单位：区甲局）',
    { units: NO_UNITS },
  )
  const plan = draft.plans[0]
  t.same(
    plan?.items.map((item) => [item.number, item.lead?.name]),
    [
      ['一', '区科技局'],
      ['2', '区甲局'],
    ],
  )
  t.match(
    plan?.items[0]?.body,
    /加强平台建设.*支持研发投入/s,
    'the unit-less measures are the chapter task body',
  )
  t.same(
    plan?.context?.map((c) => c.number),
    ['1'],
  )
  t.ok(draft.warnings.some((w) => w.code === 'context_only'))
})

t.test('period: from the title, from the body (到2025年), or absent for the office to set', async (t) => {
  const titled = importPlans('某市行动计划（2023—2025年）\n一、任务\n1.甲。（责任单位：市甲局）', {
    units: NO_UNITS,
  })
  t.same([titled.plans[0]?.period, titled.plans[0]?.periodSource], [{ from: 2023, to: 2025 }, 'title'])
  const body = importPlans(
    '某市实施方案\n2023年3月1日\n到2025年，全面提升。\n一、任务\n1.甲。（责任单位：市甲局）',
    { units: NO_UNITS },
  )
  t.same([body.plans[0]?.period, body.plans[0]?.periodSource], [{ from: 2023, to: 2025 }, 'body'])
  const none = importPlans('某市若干措施\n一、任务\n1.甲。（责任单位：市甲局）', { units: NO_UNITS })
  t.equal(none.plans[0]?.period, null)
  t.ok(none.warnings.some((w) => w.code === 'no_period' && /请在审核时设定/.test(w.message)))
})

t.test('numbering nested at any depth: （1）, ① and 第X条 items', async (t) => {
  const items = read(
    '（一）甲组\n1.甲项。\n（1）子项一。（责任单位：市甲局）\n（2）子项二。（责任单位：市乙局）\n2.乙项。\n①细项。（市丙局负责）\n第三条 条款事项。（责任单位：市丁局）',
  )
  t.same(
    items.map((item) => item.lead?.name),
    ['市甲局', '市乙局', '市丙局', '市丁局'],
  )
})

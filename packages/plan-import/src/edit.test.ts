// The office's corrections in review: each a pure change of the draft, names resolved as the
// import does, unknown names kept and flagged.
import { loadChongqingUnits } from '@duban/units'
import t from 'tap'
import { applyDraftEdit, DraftEditError } from './edit'
import { importPlans } from './parse'

const context = { units: loadChongqingUnits(), districtGroup: 'cq-quxianzhengfu' }
const draft = importPlans(
  '某市若干措施\n一、重点任务\n1.甲事项。（责任单位：市工信局、市财政局）\n2.乙事项。（责任单位：市商务委）',
)
const plan = draft.plans[0]
if (!plan) throw new Error('no plan')

t.test('correct an item: lead, co-units, districts, deadline and targets', async (t) => {
  t.equal(plan.items[0]?.lead?.unknown, true, '市工信局 is unknown to the directory')
  const next = applyDraftEdit(
    draft,
    {
      kind: 'item',
      planId: plan.id,
      itemId: 't1',
      lead: '市经济信息委',
      coUnits: ['市财政局', '市不存在局'],
      allDistricts: true,
      deadline: { due: '2025-06-30', cadence: null },
      targets: ['≥100家 2025', '≤3个工作日'],
    },
    context,
  )
  const item = next.plans[0]?.items[0]
  t.equal(item?.lead?.unitId, 'cq-jingjixinxiwei')
  t.same(
    item?.coUnits.map((u) => [u.name, u.unitId]),
    [
      ['市财政局', 'cq-caizhengju'],
      ['市不存在局', null],
    ],
  )
  t.equal(item?.allDistricts, true)
  t.same([item?.deadline?.due, item?.deadline?.cadence], ['2025-06-30', null])
  t.same(
    item?.targets.map((x) => [x.comparator, x.value, x.measure, x.year]),
    [
      ['gte', 100, '家', 2025],
      ['lte', 3, '个工作日', null],
    ],
  )
  t.ok(
    next.warnings.some((w) => w.itemId === 't1' && w.code === 'unknown_unit' && /市不存在局/.test(w.message)),
  )
  t.equal(draft.plans[0]?.items[0]?.lead?.name, '市工信局', 'the original draft is unchanged')
})

t.test('drop and add an item, set the period', async (t) => {
  let next = applyDraftEdit(draft, { kind: 'drop', planId: plan.id, itemId: 't2' }, context)
  t.same(
    next.plans[0]?.items.map((i) => i.id),
    ['t1'],
  )
  next = applyDraftEdit(
    next,
    { kind: 'add', planId: plan.id, title: '丙事项', lead: '市商务委', coUnits: [] },
    context,
  )
  t.equal(next.plans[0]?.items.at(-1)?.lead?.unitId, 'cq-shangwuwei')
  t.ok(next.warnings.some((w) => w.code === 'added_in_review'))
  t.equal(next.plans[0]?.period, null)
  next = applyDraftEdit(next, { kind: 'period', planId: plan.id, from: 2024, to: 2026 }, context)
  t.same(next.plans[0]?.period, { from: 2024, to: 2026 })
  t.notOk(next.warnings.some((w) => w.code === 'no_period'))
})

t.test('bad corrections are refused with a message in Chinese', async (t) => {
  const edit = {
    kind: 'item' as const,
    planId: plan.id,
    itemId: 't1',
    lead: '市商务委',
    coUnits: [] as string[],
    allDistricts: false,
    deadline: null,
  }
  t.throws(() => applyDraftEdit(draft, { ...edit, targets: ['很多'] }, context), DraftEditError)
  t.throws(() => applyDraftEdit(draft, { ...edit, lead: ' ', targets: [] }, context), /需要牵头单位/)
  t.throws(() => applyDraftEdit(draft, { ...edit, itemId: 't9', targets: [] }, context), /没有第 t9 项/)
  t.throws(
    () => applyDraftEdit(draft, { kind: 'period', planId: plan.id, from: 2026, to: 2024 }, context),
    /不成立/,
  )
})

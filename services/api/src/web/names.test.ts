/** Names, not ids: people, notice numbers and the ladder's texts as the pages show them. */
import { noticeKey } from '@duban/read-models'
import t from 'tap'
import { pageNames } from './names'

const numbers = new Map([
  [noticeKey('cq-fengdu', 'p.t1', 'supervision-notice.20230109.2022-Q4'), { year: '2023', seq: 12 }],
  [noticeKey('cq-jiangbei', 'p.t1', 'supervision-notice.20230109.2022-Q4'), { year: '2023', seq: 13 }],
])
const unitNames: Record<string, string> = { 'cq-fengdu': '丰都县', 'cq-shangwuwei': '市商务委' }
const names = await pageNames(
  { noticeNumbers: () => numbers },
  {
    list: async () => [
      { id: 'swz-tianbao', displayName: '张晓梅', unitId: 'cq-shangwuwei', roles: ['unit_reporter'] },
    ],
  },
  { unitName: (id) => unitNames[id] ?? id },
)

t.test('people by name: accounts, a unit clerk, the system', async (t) => {
  t.equal(names.person('swz-tianbao'), '张晓梅')
  t.equal(names.person('cq-shangwuwei.staff'), '市商务委经办人')
  t.equal(names.person('system:scheduler'), '系统（自动）')
  t.equal(names.person('sim-ducha'), '督查办')
  t.equal(names.person('someone-deleted'), '其他用户')
})

t.test('a notice by its number, per unit (the same id names two notices)', async (t) => {
  t.equal(names.notice('cq-fengdu', 'p.t1', 'supervision-notice.20230109.2022-Q4'), '督办单〔2023〕第12号')
  t.equal(names.notice('cq-jiangbei', 'p.t1', 'supervision-notice.20230109.2022-Q4'), '督办单〔2023〕第13号')
  t.equal(names.notice('cq-jiangbei', 'p.t9', 'n-20231115-0a1b2c3d'), '督办单', 'unknown: no made-up number')
})

t.test("the ladder's texts: notice numbers, report ids dropped, dates in Chinese", async (t) => {
  const about = { unitId: 'cq-fengdu', taskId: 'p.t1' }
  t.equal(
    names.text(
      '提级报领导小组：督办单 supervision-notice.20230109.2022-Q4 的答复期限 2023-01-16 已届满，未答复',
      about,
    ),
    '提级报领导小组：督办单〔2023〕第12号的答复期限 2023年1月16日 已届满，未答复',
  )
  t.equal(names.text('报送 2022-Q4.r1 已于 2023-01-16 审核通过', about), '报送已于 2023年1月16日 审核通过')
  t.equal(
    names.text('已过报送截止日 2023-01-09，尚无审核通过的报送（退回的报送视为未报送：r-1、r-2）', about),
    '已过报送截止日 2023年1月9日，尚无审核通过的报送（退回的 2 次报送视为未报送）',
  )
  t.equal(names.text(null, about), '')
})

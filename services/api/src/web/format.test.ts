/** How figures, periods and dates read on the pages. */
import t from 'tap'
import { amount, periodName, zhDate } from './format'

t.test('a figure in the unit the plan uses, sensibly rounded', async (t) => {
  const trade = { unit: '元', text: '跨境电商进出口规模突破600亿元', value: 60_000_000_000 }
  t.equal(amount(53378703879.654, trade), '533.79亿元')
  t.equal(amount(9062.592, { unit: '家次', text: '累计超过1万家(次)外贸企业', value: 10000 }), '0.91万家次')
  t.equal(amount(7.595, { unit: '家', text: '国际营销服务公共平台10家', value: 10 }), '7.6家')
  t.equal(amount(1805.899, { unit: '家', text: '跨境电商经营主体达到2000家以上', value: 2000 }), '1,806家')
  t.equal(amount(26.673, { unit: '%', text: '占比达到30%以上', value: 30 }), '26.7%')
  t.equal(amount(3.5), '3.5', 'no target: the figure alone')
})

t.test('periods and dates in Chinese', async (t) => {
  t.equal(periodName('2023-Q3'), '2023年第三季度')
  t.equal(periodName('2023-H1'), '2023年上半年')
  t.equal(periodName('2023-07'), '2023年7月')
  t.equal(periodName('2023'), '2023年度')
  t.equal(periodName('someday'), 'someday')
  t.equal(zhDate('2023-01-09'), '2023年1月9日')
})

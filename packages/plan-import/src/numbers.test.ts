import t from 'tap'
import { foldNumber } from './numbers'

t.test('magnitudes fold into base units', async (t) => {
  t.equal(foldNumber('1', '万亿'), 1_000_000_000_000)
  t.equal(foldNumber('3', '万'), 30_000)
  t.equal(foldNumber('7000', '亿'), 700_000_000_000)
  t.equal(foldNumber('0.3', '亿'), 30_000_000)
  t.equal(foldNumber('1.5', '万'), 15_000)
  t.equal(foldNumber('40'), 40)
  t.equal(foldNumber('１０', '万'), 100_000, 'full-width digits')
})

import t from 'tap'
import { sheetName } from './export-xlsx'

t.test('given plan titles Excel would refuse as sheet names, then each gets a name it takes', async (t) => {
  const taken = new Set<string>()
  t.equal(sheetName(1, "计划 'a'", taken), "1 计划 'a", 'no apostrophe at the end')
  t.equal(sheetName(2, 'a/b:c*d?[e]\\f', taken), '2 a b c d  e  f', 'none of []:*?/\\')
  t.equal(sheetName(3, 'x'.repeat(40), taken).length, 31, 'at most 31 characters')
  const upper = sheetName(4, 'Plan', new Set(['4 plan']))
  t.equal(upper, '4 Plan~2', 'unique without regard to case')
  t.equal([...sheetName(5, '𠀀'.repeat(40), taken)].length, 31, 'cut by code points, not halves of a pair')
})

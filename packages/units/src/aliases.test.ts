import t from 'tap'
import { ALIAS_HEADER, formatAlias, parseAliases } from './aliases'
import { loadChongqingUnits } from './chongqing'

t.test(
  'an alias confirmed in review resolves in the next directory; the bundled one is unchanged',
  async (t) => {
    const units = loadChongqingUnits()
    t.equal(units.resolve('市工信局'), undefined, 'unknown before')
    const file = `${ALIAS_HEADER}\n${formatAlias({ name: '市工信局', unitId: 'cq-jingjixinxiwei', confirmedOn: '2026-12-04', confirmedBy: 'office-1' })}\n`
    const aliases = parseAliases(file)
    const withAliases = units.withAliases(aliases)
    t.equal(withAliases.resolve('市工信局')?.unit.id, 'cq-jingjixinxiwei')
    t.equal(withAliases.resolve('市经济信息委')?.unit.id, 'cq-jingjixinxiwei', 'its own name still resolves')
    t.equal(units.resolve('市工信局'), undefined, 'the bundled directory is not changed')
    t.throws(() => parseAliases(`${ALIAS_HEADER}\n市工信局\tNot An Id\t2026-12-04\tx`), /line 2/)
  },
)

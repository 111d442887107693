import t from 'tap'
import { CHONGQING_DISTRICT_GOVERNMENTS, loadChongqingUnits } from './chongqing'
import { UnitDirectoryError } from './errors'
import { unitDirectoryFromTsv } from './load'

const units = loadChongqingUnits()
const HEADER = 'id\tname\tfull_name\tkind\tvalid_from\tvalid_to\taliases\tgroups\tsuccessor\tsource_url\tnote'

t.test(
  'the district-government group has 41 members in 2022: 38 districts and counties plus three zones',
  async (t) => {
    const members = units.members(CHONGQING_DISTRICT_GOVERNMENTS, '2022-09-20')
    t.equal(members.length, 41)
    t.equal(members.filter((unit) => unit.kind === 'district').length, 38)
    const zones = members.filter((unit) => unit.kind === 'zone').map((unit) => unit.periods[0]?.name)
    t.same(zones.sort(), ['万盛经开区', '两江新区', '西部科学城重庆高新区'].sort())
  },
)

t.test(
  'after the 2025 merger 江北区 and 渝北区 leave the group and the district 两江新区 joins it',
  async (t) => {
    const ids = units.members(CHONGQING_DISTRICT_GOVERNMENTS, '2026-01-01').map((unit) => unit.id)
    t.notOk(ids.includes('cq-jiangbei'))
    t.notOk(ids.includes('cq-yubei'))
    t.ok(ids.includes('cq-liangjiangqu'))
    t.notOk(ids.includes('cq-liangjiang'), 'the zone no longer counts as a district government')
    t.equal(units.get('cq-jiangbei')?.successor, 'cq-liangjiangqu')
    t.equal(
      units.resolve('江北区', '2026-01-01')?.current,
      false,
      'an abolished name still resolves, marked not current',
    )
  },
)

t.test('a renamed unit keeps its id: 重庆银保监局 → 金融监管总局重庆监管局', async (t) => {
  const before = units.resolve('重庆银保监局', '2022-09-20')
  const after = units.resolve('金融监管总局重庆监管局', '2024-01-01')
  t.equal(before?.unit.id, 'cq-yinbaojianju')
  t.equal(after?.unit.id, 'cq-yinbaojianju')
  t.equal(before?.current, true)
  t.equal(units.periodAsOf('cq-yinbaojianju', '2022-09-20')?.name, '重庆银保监局')
  t.equal(units.periodAsOf('cq-yinbaojianju', '2024-01-01')?.name, '金融监管总局重庆监管局')
  t.equal(
    units.resolve('金融监管总局重庆监管局', '2022-09-20')?.current,
    false,
    'the new name did not exist in 2022',
  )
})

t.test('names resolve by short name, full name, alias, and with either bracket width', async (t) => {
  t.equal(units.resolve('市商务委')?.unit.id, 'cq-shangwuwei')
  t.equal(units.resolve('重庆市商务委员会')?.unit.id, 'cq-shangwuwei')
  t.equal(units.resolve('重庆市税务局')?.unit.id, 'cq-shuiwuju')
  t.equal(units.resolve('各区县（自治县）政府')?.unit.id, CHONGQING_DISTRICT_GOVERNMENTS)
  t.equal(units.resolve('不存在的局'), undefined)
})

t.test('every id is a stable ASCII slug', async (t) => {
  for (const unit of units.all()) t.match(unit.id, /^[a-z0-9][a-z0-9-]{0,63}$/)
  t.ok(units.all().length > 100)
})

t.test('a broken directory file is refused with the line and the column at fault', async (t) => {
  const row = (cells: string) => `${HEADER}\n${cells}`
  t.throws(() => unitDirectoryFromTsv(row('Bad Id\t某局\t某局\tdepartment\t\t\t\t\t\t\t'), 'x.tsv'), {
    name: 'UnitDirectoryError',
    message: /x\.tsv:2: id: a unit id is a lowercase ASCII slug/,
  })
  t.throws(
    () => unitDirectoryFromTsv(row('a\t某局\t某局\tministry\t\t\t\t\t\t\t'), 'x.tsv'),
    /x\.tsv:2: kind/,
  )
  t.throws(
    () => unitDirectoryFromTsv(row('a\t某局\t某局\tdepartment\t2024-13-01\t\t\t\t\t\t'), 'x.tsv'),
    /valid_from/,
  )
  t.throws(() => unitDirectoryFromTsv('id\tname\n', 'x.tsv'), /header lacks full_name/)
  t.throws(
    () => unitDirectoryFromTsv(row('a\t某局\t某局\tdepartment\t\t\t\tnope\t\t\t'), 'x.tsv'),
    UnitDirectoryError,
  )
  const overlap = row(
    'a\t甲\t甲\tdepartment\t\t2024-01-01\t\t\t\t\t\na\t乙\t乙\tdepartment\t2023-01-01\t\t\t\t\t\t',
  )
  t.throws(() => unitDirectoryFromTsv(overlap, 'x.tsv'), /overlapping periods/)
})

t.test('another city extends the format without code', async (t) => {
  const text = `# a small city\n${HEADER}\ng-qu\t各区政府\t各区人民政府\tgroup\t\t\t各区\t\t\t\t\nx-a\t甲区\t某市甲区\tdistrict\t\t\t\tg-qu\t\t\t\nx-shang\t市商务局\t某市商务局\tdepartment\t\t\t\t\t\thttps://example.org/units\t`
  const directory = unitDirectoryFromTsv(text)
  t.same(
    directory.members('g-qu').map((unit) => unit.id),
    ['x-a'],
  )
  t.equal(directory.resolve('某市商务局')?.unit.id, 'x-shang')
})

t.test(
  'units over time: 江北区 ceases on 2025-11-06 and answers through 两江新区 (the district) from then',
  async (t) => {
    const units = loadChongqingUnits()
    t.ok(units.existsOn('cq-jiangbei', '2025-11-05'), 'the day before the merger')
    t.notOk(units.existsOn('cq-jiangbei', '2025-11-06'), 'gone on the day of the merger')
    t.notOk(units.existsOn('cq-liangjiangqu', '2023-06-01'), 'the district did not exist in 2023')
    t.equal(units.ceasedOn('cq-jiangbei'), '2025-11-06')
    t.equal(units.ceasedOn('cq-shangwuwei'), null)
    t.equal(units.answerableOn('cq-jiangbei', '2025-11-05')?.id, 'cq-jiangbei')
    t.equal(units.answerableOn('cq-jiangbei', '2026-01-05')?.id, 'cq-liangjiangqu')
    t.same(
      units
        .ceasedBetween('2025-11-01', '2025-11-06')
        .map((unit) => unit.id)
        .sort(),
      ['cq-jiangbei', 'cq-yubei'],
    )
    t.same(units.ceasedBetween('2025-11-06', '2025-12-31'), [], 'after the day, nothing more')
  },
)

t.test('names resolve as of a date: 两江新区 in 2023 the zone, in 2026 the district', async (t) => {
  const units = loadChongqingUnits()
  t.equal(units.resolve('两江新区', '2023-06-01')?.unit.id, 'cq-liangjiang')
  t.equal(units.resolve('两江新区', '2023-06-01')?.unit.kind, 'zone')
  t.equal(units.resolve('两江新区', '2026-03-01')?.unit.id, 'cq-liangjiangqu')
  t.equal(units.resolve('两江新区', '2026-03-01')?.unit.kind, 'district')
})

t.test('closest: an unknown id or name gets the nearest units of that date', async (t) => {
  const units = loadChongqingUnits()
  t.equal(units.closest('cq-jiangbie', '2023-06-01')[0]?.id, 'cq-jiangbei', 'a misspelt id')
  t.equal(units.closest('市商务局', '2023-06-01')[0]?.id, 'cq-shangwuwei', 'a near name')
  t.notOk(
    units.closest('cq-jiangbei', '2026-01-05').some((unit) => unit.id === 'cq-jiangbei'),
    'a unit gone by then is never suggested',
  )
  t.equal(units.closest('x', '2023-06-01', 2).length, 2)
})

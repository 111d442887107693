import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { fileAliasBook } from './alias-book'

t.test('the file alias book keeps confirmed aliases across processes, in the units TSV format', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-aliases-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'unit-aliases.tsv')
  t.same(await fileAliasBook(file).list(), [], 'no file yet: no aliases')
  await fileAliasBook(file).remember({
    name: '市工信局',
    unitId: 'cq-jingjixinxiwei',
    confirmedOn: '2026-12-04',
    confirmedBy: 'ducha-01',
  })
  await fileAliasBook(file).remember({
    name: '市商务局',
    unitId: 'cq-shangwuwei',
    confirmedOn: '2026-12-05',
    confirmedBy: 'ducha-01',
  })
  t.same(
    (await fileAliasBook(file).list()).map((alias) => [alias.name, alias.unitId]),
    [
      ['市工信局', 'cq-jingjixinxiwei'],
      ['市商务局', 'cq-shangwuwei'],
    ],
  )
  t.match(readFileSync(file, 'utf8'), /^name\tunit_id\tconfirmed_on\tconfirmed_by\n市工信局\t/)
})

/**
 * Processes that tests start run from bundles (`entryArgs` of @duban/testing, the entries listed in
 * scripts/process-entries.json): a test that starts one through tsx instead would be slower and its
 * code would not count in coverage, and an entry that is not listed fails only when its test runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import t from 'tap'

const root = resolve(import.meta.dirname, '..')
const entries: string[] = JSON.parse(readFileSync(join(root, 'scripts/process-entries.json'), 'utf8'))

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(root, file).split(sep).includes('node_modules'))
}

t.test('every listed process entry exists', async (t) => {
  t.ok(entries.length > 0)
  for (const entry of entries) t.ok(existsSync(join(root, entry)), entry)
})

t.test('no test starts a process through tsx (entryArgs does, when run by hand only)', async (t) => {
  const throughTsx = /'--import',\s*'tsx'|\.bin\/tsx/
  const offenders = [...sources('packages'), ...sources('services'), ...sources('test')]
    .filter((file) => !file.startsWith(join(root, 'packages/testing') + sep))
    .filter((file) => throughTsx.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file))
  t.same(offenders, [], 'start processes with entryArgs(file) from @duban/testing')
})

t.test('every file a test passes to entryArgs is a listed entry', async (t) => {
  // Catches `entryArgs(new URL('./main.ts', import.meta.url))` and a `MAIN` constant passed on:
  // every existing `.ts` file (not a test) named that way in a file that calls entryArgs.
  const listed = new Set(entries)
  const named = /new URL\('([^']+\.ts)', import\.meta\.url\)/g
  for (const file of [...sources('packages'), ...sources('services'), ...sources('test')]) {
    const text = readFileSync(file, 'utf8')
    if (!text.includes('entryArgs(') || file.startsWith(join(root, 'packages/testing') + sep)) continue
    for (const [, path] of text.matchAll(named)) {
      const target = relative(root, resolve(join(file, '..'), path as string))
      if (!target.endsWith('.test.ts') && existsSync(join(root, target)))
        t.ok(listed.has(target), `${relative(root, file)} starts ${target}`)
    }
  }
})

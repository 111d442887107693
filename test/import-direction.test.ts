/**
 * The workspace's import direction: services only compose, so no service imports another service,
 * and no package imports a service. Checked two ways, because either alone can be dodged: the
 * `@duban/*` dependencies each package.json declares, and the import specifiers of every source
 * file (static, dynamic and type-only imports, re-exports, `require`), read with TypeScript's own
 * pre-processor. A relative path that climbs into another workspace member counts as an import of it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import t from 'tap'
import ts from 'typescript'

const root = resolve(import.meta.dirname, '..')

interface Member {
  name: string
  dir: string
  kind: 'package' | 'service'
  manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
}

function members(): Member[] {
  return (['packages', 'services'] as const).flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => {
        const dir = join(root, parent, entry.name)
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
        return { name: manifest.name, dir, kind: parent === 'packages' ? 'package' : 'service', manifest }
      }),
  )
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(dir, file).split(sep).includes('node_modules'))
}

/**
 * Known offenders, each `from -> to (where)`: a list that may only shrink. The test fails when an
 * entry is no longer an offence, so whoever removes an import also removes its entry here. Empty
 * since issue 17 moved the CLI's ledger opening into @duban/runtime and the scheduling logic the
 * simulation uses into @duban/scheduling; keep it empty.
 */
const knownOffenders = new Set<string>([])

/** The workspace members a source file's text imports, by package name or by relative path. */
function importedMembers(file: string, text: string, all: Member[]): Member[] {
  const { importedFiles } = ts.preProcessFile(text, true, true)
  return importedFiles.flatMap(({ fileName: specifier }) => {
    const target = specifier.startsWith('.') ? resolve(dirname(file), specifier) : undefined
    const member = all.find((m) =>
      target !== undefined
        ? target === m.dir || target.startsWith(m.dir + sep)
        : specifier === m.name || specifier.startsWith(`${m.name}/`),
    )
    return member ? [member] : []
  })
}

function offences(all: Member[]): string[] {
  const byName = new Map(all.map((member) => [member.name, member]))
  const forbidden = (from: Member, to: Member | undefined): to is Member =>
    to !== undefined && to !== from && to.kind === 'service'
  const found: string[] = []
  for (const from of all) {
    const declared = { ...from.manifest.dependencies, ...from.manifest.devDependencies }
    for (const name of Object.keys(declared)) {
      if (forbidden(from, byName.get(name))) found.push(`${from.name} -> ${name} (package.json)`)
    }
    for (const file of sourceFiles(from.dir)) {
      for (const to of importedMembers(file, readFileSync(file, 'utf8'), all)) {
        if (forbidden(from, to)) found.push(`${from.name} -> ${to.name} (${relative(root, file)})`)
      }
    }
  }
  return [...new Set(found)].sort()
}

t.test('the workspace has packages and services to check', async (t) => {
  const all = members()
  t.ok(all.some((member) => member.kind === 'package' && member.name === '@duban/domain'))
  t.ok(all.some((member) => member.kind === 'service' && member.name === '@duban/api'))
})

t.test('no service imports another service and no package imports a service', async (t) => {
  const found = offences(members())
  t.same(
    found.filter((offence) => !knownOffenders.has(offence)),
    [],
    'new imports against the direction (package -> service or service -> service)',
  )
  t.same(
    [...knownOffenders].filter((offence) => !found.includes(offence)),
    [],
    'allow-list entries that no longer offend: remove them from knownOffenders',
  )
})

t.test('the check sees each way of importing a service, and not a package', async (t) => {
  const all = members()
  const file = join(root, 'packages/domain/src/some-file.ts')
  const names = (text: string) => importedMembers(file, text, all).map((member) => member.name)
  for (const text of [
    `import { x } from '@duban/api'`,
    `import type { X } from '@duban/api/testing/api-process'`,
    `export { x } from '@duban/api'`,
    `const m = await import('@duban/api')`,
    `const m = require('@duban/api')`,
    `import { x } from '../../../services/api/src/index.ts'`,
  ]) {
    t.same(names(text), ['@duban/api'], text)
  }
  t.same(names(`import { x } from '@duban/apiary'`), [], 'a name that only begins like a member')
  t.same(names(`import { x } from './decide'`), ['@duban/domain'], 'its own files')
  t.same(names(`import { z } from 'zod'`), [], 'a registry package')
})

/**
 * The root README's layout table against the workspace: every package, service and other workspace
 * member (pnpm-workspace.yaml) has a row, its "owns" cell is the `description` of its package.json
 * (one sentence kept in one place), and every other row names a directory that exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { lexer, type Tokens } from 'marked'
import t from 'tap'
import { parse } from 'yaml'

const root = resolve(import.meta.dirname, '..')

/** Workspace member directories, from pnpm-workspace.yaml's patterns (`dir` or `dir/*`). */
function workspaceMembers(): string[] {
  const { packages } = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
    packages: string[]
  }
  return packages.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern]
    const parent = pattern.slice(0, -2)
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`)
  })
}

/** The rows of the table under `## Layout`: path (without backticks or a trailing slash) → owns. */
function layoutRows(): Map<string, string> {
  const tokens = lexer(readFileSync(join(root, 'README.md'), 'utf8'))
  const heading = tokens.findIndex(
    (token) => token.type === 'heading' && (token as Tokens.Heading).text === 'Layout',
  )
  const table = tokens.slice(heading + 1).find((token) => token.type === 'table' || token.type === 'heading')
  if (heading < 0 || table?.type !== 'table') return new Map()
  return new Map(
    (table as Tokens.Table).rows.map((row) => [
      row[0]!.text.replace(/`/g, '').replace(/\/$/, ''),
      row[1]!.text.trim(),
    ]),
  )
}

t.test(
  'the README layout table lists every workspace member with its package.json description',
  async (t) => {
    const rows = layoutRows()
    const members = workspaceMembers()
    t.ok(members.includes('packages/domain') && members.includes('services/api'), 'the workspace is read')
    for (const member of members) {
      const { description } = JSON.parse(readFileSync(join(root, member, 'package.json'), 'utf8'))
      t.equal(rows.get(member), description, `${member}: the row's "owns" is its package.json description`)
    }
  },
)

t.test('every other row of the layout table names a directory that exists', async (t) => {
  const members = new Set(workspaceMembers())
  const others = [...layoutRows().keys()].filter((path) => !members.has(path))
  t.ok(others.length > 0, 'the table has rows besides the workspace members (infra)')
  for (const path of others) t.ok(existsSync(join(root, path)), `${path} exists`)
})

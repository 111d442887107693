/**
 * Every link in every markdown file of the repository resolves inside it: a relative path names a
 * file or directory that exists under the repository root, and a `#fragment` names a heading of its
 * file (GitHub's heading anchors). Nothing points outside: no `../` above the root, no absolute
 * path, no URL — what a reader needs is copied in (docs/BRIEF.md), with its source noted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import GithubSlugger from 'github-slugger'
import { lexer, type Token, type Tokens, walkTokens } from 'marked'
import t from 'tap'

const root = resolve(import.meta.dirname, '..')

function markdownFiles(): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => {
      const parts = relative(root, file).split(sep)
      return !parts.includes('node_modules') && !parts.some((part) => part.startsWith('.'))
    })
}

function links(tokens: Token[]): string[] {
  const found: string[] = []
  walkTokens(tokens, (token) => {
    if (token.type === 'link' || token.type === 'image') found.push((token as Tokens.Link).href)
  })
  return found
}

function anchors(tokens: Token[]): Set<string> {
  const slugger = new GithubSlugger()
  return new Set(
    tokens
      .filter((token): token is Tokens.Heading => token.type === 'heading')
      .map((h) => slugger.slug(h.text)),
  )
}

/** What is wrong with `href` in `file`, or undefined when it resolves inside the repository. */
function problemWith(
  file: string,
  href: string,
  anchorsOf: (file: string) => Set<string>,
): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return 'a URL: outside the repository'
  const [path = '', fragment] = href.split('#')
  if (path.startsWith('/')) return 'an absolute path'
  const target = path === '' ? file : resolve(dirname(file), decodeURI(path))
  if (target !== root && !target.startsWith(root + sep)) return 'outside the repository'
  if (!existsSync(target)) return 'no such file'
  if (fragment !== undefined && statSync(target).isFile() && target.endsWith('.md')) {
    if (!anchorsOf(target).has(fragment)) return `no heading #${fragment}`
  }
  return undefined
}

t.test('every markdown link resolves to a file or heading inside the repository', async (t) => {
  const files = markdownFiles()
  t.ok(files.includes(join(root, 'README.md')), 'the root README is among the files checked')
  const cache = new Map<string, Set<string>>()
  const anchorsOf = (file: string) => {
    if (!cache.has(file)) cache.set(file, anchors(lexer(readFileSync(file, 'utf8'))))
    return cache.get(file)!
  }
  const problems = files.flatMap((file) =>
    links(lexer(readFileSync(file, 'utf8'))).flatMap((href) => {
      const problem = problemWith(file, href, anchorsOf)
      return problem ? [`${relative(root, file)}: (${href}) ${problem}`] : []
    }),
  )
  t.same(problems, [])
})

t.test('the check refuses links that leave the repository or name nothing', async (t) => {
  const file = join(root, 'packages/eventstore/README.md')
  const anchorsOf = (target: string) => anchors(lexer(readFileSync(target, 'utf8')))
  const cases: [string, string | undefined][] = [
    ['../../../shared/BRIEF.md', 'outside the repository'],
    ['https://example.org/x', 'a URL: outside the repository'],
    ['/etc/passwd', 'an absolute path'],
    ['../no-such-package/README.md', 'no such file'],
    ['#no-such-heading', 'no heading #no-such-heading'],
    ['../eventstore-esdb/README.md', undefined],
    ['#store-urls', undefined],
    ['../../README.md#layout', undefined],
  ]
  for (const [href, problem] of cases) t.equal(problemWith(file, href, anchorsOf), problem, href)
})

/**
 * Every domain event enters the log through `handleCommand`, whose codec checks that the event
 * reads back (packages/ledger/src/event-codec.ts). This test keeps it that way: production code
 * calls an event store's `append` only from the places listed here, each of which says why it
 * may. A new writer must go through `handleCommand` or be added here with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'

const root = path.resolve(import.meta.dirname, '..')

/** Writers allowed to append directly, and why. */
const allowed: Record<string, string> = {
  'packages/ledger/src/handle-command.ts': 'the one path: events encoded (and checked) by the codec',
  'packages/simulation/src/copy-log.ts': 'copies a log written through handleCommand, event for event',
  'services/cli/src/commands/migrate-log.ts': 'copies an existing log between stores, hashes compared',
  'packages/delivery/src/append.ts':
    'delivery events (channels, contacts, outcomes) are no domain events: encoded by their own registry and read back before the append',
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'testing' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

t.test('no production code appends events but through handleCommand', async (t) => {
  const files = ['packages', 'services'].flatMap((top) =>
    readdirSync(path.join(root, top))
      .filter((name) => name !== 'eventstore') // the stores themselves
      .flatMap((name) => {
        const src = path.join(root, top, name, 'src')
        try {
          return sourceFiles(src)
        } catch {
          return []
        }
      }),
  )
  t.ok(files.length > 100, `${files.length} source files read`)
  const appending = files
    .filter((file) => /\.append\(/.test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(root, file))
    .sort()
  t.same(appending, Object.keys(allowed).sort(), 'only the listed writers call append')
})

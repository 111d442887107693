import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { entryArgs } from '@duban/testing'
import t from 'tap'
import { ProjectionRunner } from './runner'
import { dumpReadModel } from './testing/dump'
import { exampleProjections } from './testing/example-projections'
import { openStore, scratch } from './testing/fixture'
import { seedStore } from './testing/synthetic-log'

const child = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url))
const path = await scratch(t.teardown)
const store = openStore(path('log.db'))
t.teardown(() => store.close())
const events = 40_000
await seedStore(store, events, { perCommit: 5000 })

/** Runs the child until it has printed `lines` committed positions, then SIGKILLs it. */
function killAfter(lines: number, modelFile: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [...entryArgs(child), path('log.db'), modelFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const seen: number[] = []
    let buffered = ''
    process_.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      seen.push(...parts.map(Number))
      if (seen.length >= lines) process_.kill('SIGKILL')
    })
    process_.on('error', reject)
    process_.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child ended before the kill (${signal})`)),
    )
  })
}

t.test('SIGKILL during catch-up, then resume: every table equals a clean rebuild', async (t) => {
  const modelFile = path('killed.db')
  let previous = 0
  for (const lines of [3, 10, 30]) {
    const seen = await killAfter(lines, modelFile)
    const runner = ProjectionRunner.open(modelFile, { store, projections: exampleProjections })
    t.equal(runner.db.pragma('integrity_check', { simple: true }), 'ok', 'the file survived the kill')
    const checkpoints = (await runner.lag()).map(({ checkpoint }) => checkpoint)
    const checkpoint = checkpoints[0]!
    t.ok(
      checkpoints.every((position) => position === checkpoint),
      `all projections share one checkpoint (${checkpoint})`,
    )
    t.ok(
      checkpoint >= seen.at(-1)! && checkpoint < events,
      `killed mid catch-up, at ${checkpoint} of ${events}`,
    )
    t.ok(checkpoint >= previous, 'a restart resumed from its checkpoint')
    previous = checkpoint
    await runner.close()
  }

  const resumed = ProjectionRunner.open(modelFile, { store, projections: exampleProjections })
  await resumed.catchUp()
  const clean = ProjectionRunner.open(path('clean.db'), { store, projections: exampleProjections })
  await clean.catchUp()
  const resumedDump = dumpReadModel(resumed.db)
  const cleanDump = dumpReadModel(clean.db)
  t.same(Object.keys(resumedDump), Object.keys(cleanDump))
  for (const table of Object.keys(cleanDump)) {
    t.same(resumedDump[table], cleanDump[table], `${table}: ${cleanDump[table]?.length} rows equal`)
  }
  await resumed.close()
  await clean.close()
})

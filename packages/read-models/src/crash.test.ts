import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { latestCalendar } from '@duban/calendar'
import { openSqliteEventStore } from '@duban/eventstore'
import { dumpReadModel } from '@duban/projections/testing'
import { copyLog } from '@duban/simulation'
import { entryArgs } from '@duban/testing'
import t from 'tap'
import { ReadModels } from './read-models'
import { simulatedLog } from './testing/simulated-log'

const child = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'duban-read-models-crash-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const logFile = path.join(dir, 'log.db')
const store = openSqliteEventStore({ file: logFile })
t.teardown(() => store.close())
await copyLog(await simulatedLog('2023-04-30'), store)
const head = await store.headPosition()

const open = (file: string) =>
  new ReadModels({ file, store, workingDays: latestCalendar(), today: () => '2023-06-30', batchSize: 150 })

/** Runs the child until it has printed `lines` committed positions, then SIGKILLs it. */
function killAfter(lines: number, modelFile: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const running = spawn(process.execPath, [...entryArgs(child), logFile, modelFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const seen: number[] = []
    let buffered = ''
    running.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      seen.push(...parts.map(Number))
      if (seen.length >= lines) running.kill('SIGKILL')
    })
    running.on('error', reject)
    running.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child ended before the kill (${signal})`)),
    )
  })
}

t.test(
  'given a simulated log, when catch-up is killed (SIGKILL) three times and resumed, then every read model equals a full rebuild',
  async (t) => {
    const modelFile = path.join(dir, 'killed.db')
    let previous = 0
    for (const lines of [3, 12, 30]) {
      const seen = await killAfter(lines, modelFile)
      const models = open(modelFile)
      t.equal(models.db.pragma('integrity_check', { simple: true }), 'ok', 'the file survived the kill')
      const checkpoint = models.readPosition()
      t.ok(
        checkpoint >= seen.at(-1)! && checkpoint < head,
        `killed mid catch-up, at ${checkpoint} of ${head}`,
      )
      t.ok(checkpoint >= previous, 'a restart resumed from its checkpoint')
      previous = checkpoint
      await models.close()
    }
    const resumed = open(modelFile)
    await resumed.catchUp()
    const clean = open(path.join(dir, 'clean.db'))
    await clean.rebuild()
    const resumedDump = dumpReadModel(resumed.db)
    const cleanDump = dumpReadModel(clean.db)
    t.same(Object.keys(resumedDump), Object.keys(cleanDump), 'the same tables')
    for (const table of ['rm_tasks', 'rm_assignments', 'rm_obligations', 'rm_reports', 'rm_inbox'])
      t.ok((cleanDump[table]?.length ?? 0) > 0, `${table} has rows to compare`)
    for (const table of Object.keys(cleanDump)) {
      t.same(resumedDump[table], cleanDump[table], `${table}: ${cleanDump[table]?.length} rows equal`)
    }
    await resumed.close()
    await clean.close()
  },
)

import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { entryArgs } from '@duban/testing'
import t from 'tap'
import type { EventStore } from '../contract'
import { verifyLog } from '../verify'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-kill-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))

const ACKS_BEFORE_KILL = 400

t.test('every acknowledged append survives kill -9', async (t) => {
  const file = join(directory, 'killed.db')
  const child = spawn(process.execPath, [...entryArgs(new URL('./crash-writer.ts', import.meta.url)), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  )
  const acknowledged: string[] = []
  for await (const line of createInterface({ input: child.stdout })) {
    acknowledged.push(line)
    if (acknowledged.length === ACKS_BEFORE_KILL) child.kill('SIGKILL')
  }
  t.equal(await exited, 'SIGKILL', 'the writer was killed mid-stream')
  t.ok(acknowledged.length >= ACKS_BEFORE_KILL, `${acknowledged.length} appends were acknowledged`)

  const store = openSqliteEventStore({ file })
  t.teardown(() => store.close())
  const logged = await commandIdsIn(store)
  const missing = acknowledged.filter((commandId) => !logged.has(commandId))
  t.same(missing, [], 'every acknowledged append is in the log')
  t.match(await verifyLog(store), { ok: true }, 'the log verifies')
})

async function commandIdsIn(store: EventStore): Promise<Set<string>> {
  const commandIds = new Set<string>()
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: 1000 })
    if (batch.length === 0) return commandIds
    for (const event of batch) commandIds.add(event.metadata.commandId)
    after = batch.at(-1)!.position
  }
}

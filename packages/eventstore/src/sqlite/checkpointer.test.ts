import { existsSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import BetterSqlite3 from 'better-sqlite3'
import t from 'tap'
import { testedEvents } from '../testing/tested-events'
import { verifyLog } from '../verify'
import { Checkpointer, WRITER_AUTOCHECKPOINT_PAGES } from './checkpointer'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-eventstore-checkpoint-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))

t.test('the checkpoint thread copies committed pages into the database file', async (t) => {
  const file = join(directory, 'background.db')
  const store = openSqliteEventStore({ file, checkpointIntervalMs: 10 })
  const emptySize = statSync(file).size
  for (let append = 0; append < 20; append++) {
    await store.append(`s-${append}`, testedEvents(`c-${append}`, 50, { text: '进展顺利'.repeat(20) }), {
      expectedVersion: 'no_stream',
    })
  }
  // About 250 WAL pages: far below the writer's own checkpoint, so only the thread can copy them.
  const walPages = statSync(`${file}-wal`).size / 4096
  t.ok(walPages < WRITER_AUTOCHECKPOINT_PAGES, `${Math.round(walPages)} WAL pages`)
  const deadline = Date.now() + 10_000
  while (statSync(file).size < emptySize + 400_000 && Date.now() < deadline) await sleep(20)
  t.ok(statSync(file).size >= emptySize + 400_000, 'the events are in the database file')

  await store.append('after', testedEvents('after', 1, { text: '进展顺利'.repeat(20) }), {
    expectedVersion: 'no_stream',
  })
  t.match(await verifyLog(store), { ok: true, events: 1001 }, 'appends go on after checkpoints')
  await store.close()
  t.notOk(existsSync(`${file}-wal`), 'the thread closed its connection first: closing removed the WAL')

  const reopened = openSqliteEventStore({ file })
  t.teardown(() => reopened.close())
  t.match(await verifyLog(reopened), { ok: true, events: 1001 })
})

t.test('a checkpoint thread that fails hands checkpoints back to the writer', async (t) => {
  const db = new BetterSqlite3(join(directory, 'writer.db'))
  t.teardown(() => db.close())
  db.pragma('journal_mode = WAL')
  const failures: Error[] = []
  // The thread cannot open a file in a directory that does not exist.
  const checkpointer = new Checkpointer(db, join(directory, 'missing', 'other.db'), {
    intervalMs: 10,
    onFailure: (error) => failures.push(error),
  })
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), WRITER_AUTOCHECKPOINT_PAGES)
  checkpointer.committed()
  const deadline = Date.now() + 10_000
  while (failures.length === 0 && Date.now() < deadline) await sleep(20)
  t.equal(failures.length, 1, 'the failure is reported once')
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, "SQLite's own checkpoint is back")
  checkpointer.committed()
  await checkpointer.stop()
  t.equal(checkpointer.checkpoints, 0)
})

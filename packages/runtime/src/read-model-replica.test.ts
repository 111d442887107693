/**
 * A process's read models are a replica of the log it followed: kept across restarts, rebuilt
 * when they followed another store or stand beyond the log's head (an older log restored).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type EventStore, openSqliteEventStore, parseStoreUrl } from '@duban/eventstore'
import { fixedClock } from '@duban/ledger'
import t from 'tap'
import { openReadModelReplica } from './read-model-replica'

const clock = fixedClock('2023-06-15T02:00:00Z')

async function appendSome(store: EventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `c-${i}`
    await store.append(
      `s-${i}`,
      [
        {
          type: 'SomethingElse',
          schemaVersion: 1,
          data: {},
          metadata: {
            actor: 'test',
            unit: null,
            commandId: id,
            correlationId: id,
            causationId: id,
            recordedAt: '2023-06-15T02:00:00.000Z',
          },
        },
      ],
      { expectedVersion: 'no_stream' },
    )
  }
}

t.test('given a data dir whose read models followed a log of 5 events', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-replica-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const dataDir = path.join(dir, 'data')
  const at = (file: string) => ({ dataDir, store: parseStoreUrl(`sqlite://${path.join(dir, file)}`) })
  const open = async (file: string) => {
    const store = openSqliteEventStore({ file: path.join(dir, file) })
    t.teardown(() => store.close())
    const rebuilt: string[] = []
    const models = await openReadModelReplica(at(file), store, clock, (reason) => rebuilt.push(reason))
    await models.catchUp()
    const position = models.readPosition()
    await models.close()
    return { store, rebuilt, position }
  }
  const first = await open('a.sqlite')
  await appendSome(first.store, 5)
  t.equal((await open('a.sqlite')).position, 5, 'then the replica reached the head')
  t.ok(existsSync(path.join(dataDir, 'readmodels.sqlite.source')))

  t.test('when the process starts again on the same log, then it keeps its replica', async (t) => {
    t.same((await open('a.sqlite')).rebuilt, [])
  })

  t.test('when the log is restored from an older backup, then the replica is rebuilt', async (t) => {
    const log = path.join(dir, 'a.sqlite')
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${log}${suffix}`, { force: true })
    const older = openSqliteEventStore({ file: log })
    await appendSome(older, 2)
    await older.close()
    const restored = await open('a.sqlite')
    t.match(restored.rebuilt, [/stand at position 5, beyond the log's head 2/])
    t.equal(restored.position, 2)
  })

  t.test('when it starts on another store, then the replica is rebuilt from that log', async (t) => {
    const other = await open('b.sqlite')
    t.match(other.rebuilt, [/followed sqlite:.*a\.sqlite, not sqlite:.*b\.sqlite/])
    t.equal(other.position, 0)
  })
})

/** A log built aside: an interrupted build leaves nothing where the log goes; a finished one moves in whole. */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { verifyLog } from '../verify'
import { buildLogAside } from './build-aside'
import { openSqliteEventStore } from './sqlite-store'

const directory = await mkdtemp(join(tmpdir(), 'duban-build-aside-'))
t.teardown(() => rm(directory, { recursive: true, force: true }))

const metadata = (commandId: string) => ({
  actor: 'system:demo',
  unit: null,
  commandId,
  correlationId: commandId,
  causationId: commandId,
  recordedAt: '2023-05-04T02:00:00.000Z',
})

t.test('interrupted, then built: the log appears only complete, and only once', async (t) => {
  const file = join(directory, 'duban.sqlite')
  await t.rejects(
    buildLogAside(file, async (store) => {
      for (let i = 0; i < 10; i++) {
        await store.append(
          `s-${i}`,
          [{ type: 'Seeded', schemaVersion: 1, data: { i }, metadata: metadata(`a${i}`) }],
          {
            expectedVersion: 'no_stream',
          },
        )
      }
      throw new Error('killed half-way')
    }),
    /killed half-way/,
  )
  t.notOk(existsSync(file), 'no half-built log in place')

  const written = await buildLogAside(file, async (store) => {
    for (let i = 0; i < 20; i++) {
      await store.append(
        `s-${i}`,
        [{ type: 'Seeded', schemaVersion: 1, data: { i }, metadata: metadata(`b${i}`) }],
        {
          expectedVersion: 'no_stream',
        },
      )
    }
    return 20
  })
  t.equal(written, 20)
  const store = openSqliteEventStore({ file })
  t.match(await verifyLog(store), { ok: true, events: 20 }, 'the whole log, none of the interrupted build')
  await store.close()
  t.equal(await buildLogAside(file, async () => 1), undefined, 'a log with events is left alone')
})

/**
 * The sweep on a real SQLite log and the real file store: a file no event cites goes once it has
 * been untouched for the grace; a cited one never does, however old; one a report touches while
 * the sweep reads the log stays.
 */
import { createHash } from 'node:crypto'
import { utimesSync } from 'node:fs'
import path from 'node:path'
import { openSqliteEventStore } from '@duban/eventstore'
import t from 'tap'
import { FileAttachmentStore } from './file-attachment-store'
import { SWEEP_GRACE_MS, sweepAttachments } from './sweep'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const cited = Buffer.from('%PDF-1.4 报送所附清单')
const orphan = Buffer.from('%PDF-1.4 被退回的报送所附清单')
const touchedDuringSweep = Buffer.from('%PDF-1.4 正在报送的清单')

/** A report citing `bytes`, as the API records it. */
const report = (reportId: string, bytes: Buffer) => ({
  type: 'ProgressReportSubmitted',
  schemaVersion: 1,
  data: {
    taskId: 't1',
    unitId: 'u1',
    reportId,
    narrative: '见附件。',
    indicatorValues: [],
    evidence: [],
    attachments: [
      { sha256: sha256(bytes), name: '清单.pdf', mediaType: 'application/pdf', size: bytes.length },
    ],
  },
  metadata: {
    actor: 'user:sweep-test',
    unit: 'u1',
    commandId: reportId,
    correlationId: reportId,
    causationId: reportId,
    recordedAt: '2023-06-15T02:00:00.000Z',
  },
})

t.test('given a cited file and one no event cites, both stored long ago', async (t) => {
  const dir = t.testdir()
  const log = openSqliteEventStore({ file: path.join(dir, 'duban.sqlite') })
  t.teardown(() => log.close())
  const files = path.join(dir, 'attachments')
  const store = new FileAttachmentStore(files)
  for (const bytes of [cited, orphan, touchedDuringSweep]) await store.put(sha256(bytes), bytes)
  await log.append('assignment-t1-u1', [report('r1', cited)], { expectedVersion: 'no_stream' })
  const now = new Date()

  t.test('when the sweep runs before the grace is over, then it deletes nothing', async (t) => {
    const swept = await sweepAttachments(store, log, { now })
    t.same(swept, { untouched: 0, removed: [] })
    t.equal(await store.has(sha256(orphan)), true)
  })

  t.test('when it runs after the grace, then only the file no event cites goes', async (t) => {
    const later = new Date(now.getTime() + 2 * SWEEP_GRACE_MS)
    // A report checks this file (it touches it) while the sweep reads the log.
    const watched = Object.create(log) as typeof log
    watched.readAllStored = async (options) => {
      await store.touch(sha256(touchedDuringSweep))
      utimesSync(path.join(files, sha256(touchedDuringSweep)), later, later)
      return log.readAllStored(options)
    }
    const swept = await sweepAttachments(store, watched, { now: later })
    t.same(swept, { untouched: 3, removed: [sha256(orphan)] })
    t.equal(await store.has(sha256(orphan)), false, 'the file no event cites is gone')
    t.equal(await store.has(sha256(cited)), true, 'the cited one stays')
    t.equal(await store.has(sha256(touchedDuringSweep)), true, 'the one a report touched meanwhile stays')
  })

  t.test('when it runs again much later, then a cited file is still never removed', async (t) => {
    const muchLater = new Date(now.getTime() + 400 * SWEEP_GRACE_MS)
    await log.append('assignment-t1-u1', [report('r2', touchedDuringSweep)], { expectedVersion: 1 })
    const swept = await sweepAttachments(store, log, { now: muchLater })
    t.same(swept, { untouched: 2, removed: [] })
    t.equal(await store.has(sha256(cited)), true)
    t.equal(await store.has(sha256(touchedDuringSweep)), true)
  })
})

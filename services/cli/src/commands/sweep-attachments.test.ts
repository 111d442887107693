/**
 * `duban sweep-attachments` on a real embedded data directory: of two files untouched for two
 * days, the one no event cites is deleted and the cited one stays; files touched lately stay.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSqliteEventStore } from '@duban/eventstore'
import { FileAttachmentStore } from '@duban/runtime'
import { entryArgs } from '@duban/testing'
import t from 'tap'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const duban = (...args: string[]) =>
  spawnSync(process.execPath, [...entryArgs(main), ...args], { encoding: 'utf8', timeout: 60_000 })
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3_600_000)

t.test('given a cited file, an uncited one and a fresh uncited one, when the sweep runs', async (t) => {
  const dir = t.testdir()
  const file = path.join(dir, 'duban.sqlite')
  const files = new FileAttachmentStore(path.join(dir, 'attachments'))
  const [cited, orphan, fresh] = ['%PDF-1.4 所附清单', '%PDF-1.4 被退回的清单', '%PDF-1.4 刚上传的清单'].map(
    (text) => Buffer.from(text),
  ) as [Buffer, Buffer, Buffer]
  for (const bytes of [cited, orphan, fresh]) await files.put(sha256(bytes), bytes)
  for (const bytes of [cited, orphan])
    utimesSync(path.join(dir, 'attachments', sha256(bytes)), twoDaysAgo, twoDaysAgo)
  const log = openSqliteEventStore({ file })
  await log.append(
    'assignment-t1-u1',
    [
      {
        type: 'ProgressReportSubmitted',
        schemaVersion: 1,
        data: {
          taskId: 't1',
          unitId: 'u1',
          reportId: 'r1',
          narrative: '见附件。',
          indicatorValues: [],
          evidence: [],
          attachments: [
            { sha256: sha256(cited), name: '清单.pdf', mediaType: 'application/pdf', size: cited.length },
          ],
        },
        metadata: {
          actor: 'user:sweep',
          unit: 'u1',
          commandId: 'c1',
          correlationId: 'c1',
          causationId: 'c1',
          recordedAt: '2023-06-15T02:00:00.000Z',
        },
      },
    ],
    { expectedVersion: 'no_stream' },
  )
  await log.close()

  const run = duban('sweep-attachments', '--store-url', `sqlite://${file}`)
  t.equal(run.status, 0, run.stderr)
  t.match(run.stdout, 'sweep-attachments: 1 of 2 files untouched for 24 h removed')
  const at = (bytes: Buffer) => existsSync(path.join(dir, 'attachments', sha256(bytes)))
  t.equal(at(orphan), false, 'the file no event cites is deleted')
  t.equal(at(cited), true, 'the cited one stays')
  t.equal(at(fresh), true, 'a file stored lately stays')

  const json = duban('sweep-attachments', '--store-url', `sqlite://${file}`, '--json')
  t.match(JSON.parse(json.stdout), { untouched: 1, removed: [] }, 'run again, it deletes nothing more')

  const bad = duban('sweep-attachments', '--store-url', `sqlite://${file}`, '--grace-hours', '0')
  t.equal(bad.status, 2)
  t.match(bad.stderr, /--grace-hours must be a number of hours, at least 1/)
})

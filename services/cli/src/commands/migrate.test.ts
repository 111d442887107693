/**
 * `duban migrate` from a real SQLite file into a real PostgreSQL: a verbatim copy (ids, versions,
 * order, metadata, hashes), resumed after an interruption and after a SIGKILL, and bad input
 * refused with exit 2; the evidence files copied into PostgreSQL's attachment store, once, and a
 * cited file missing from the source named with its report (exit 1).
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { fileURLToPath } from 'node:url'
import type { EventMetadata, EventStore, StoredEvent } from '@duban/eventstore'
import { openPostgresEventStore, openSqliteEventStore } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import { CHUNK_BYTES, FileAttachmentStore, PostgresAttachmentStore } from '@duban/runtime'
import { entryArgs } from '@duban/testing'
import pg from 'pg'
import t, { type Test } from 'tap'
import { migrateLog } from './migrate-log'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))
const cliArgs = (...args: string[]) => [...entryArgs(main), ...args]
const duban = (...args: string[]) =>
  spawnSync(process.execPath, cliArgs(...args), { encoding: 'utf8', timeout: 120_000 })

const server = await startTestPostgres()
const directory = mkdtempSync(path.join(tmpdir(), 'duban-cli-migrate-'))
t.teardown(async () => {
  await server.stop()
  rmSync(directory, { recursive: true, force: true })
})

const metadata = (commandId: string, i: number): EventMetadata => ({
  actor: 'user:migrate-test',
  unit: i % 3 === 0 ? null : 'cq-shangwuwei',
  commandId,
  correlationId: `corr-${commandId}`,
  causationId: commandId,
  recordedAt: '2023-06-15T02:00:00.000Z',
  ...(i % 5 === 0 && { businessDate: '2023-06-30' }),
})

/** A log of `appends` commands over 40 streams; every fourth command writes three events. */
async function givenSqliteLog(name: string, appends: number): Promise<string> {
  const file = path.join(directory, `${name}.sqlite`)
  const store = openSqliteEventStore({ file })
  const versions = new Map<string, number>()
  for (let i = 0; i < appends; i++) {
    const stream = `assignment-${i % 40}`
    const commandId = `${name}-c${i}`
    const count = i % 4 === 0 ? 3 : 1
    const events = Array.from({ length: count }, (_, k) => ({
      type: k === 0 ? 'ProgressReported' : 'IndicatorActualRecorded',
      schemaVersion: 1 + (i % 2),
      data: { i, k, narrative: '本季度开展承接产业转移活动3场。', value: i / 7 },
      metadata: metadata(commandId, i),
    }))
    const version = versions.get(stream) ?? 0
    await store.append(stream, events, { expectedVersion: version === 0 ? 'no_stream' : version })
    versions.set(stream, version + count)
  }
  await store.close()
  return file
}

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = []
  for (let after = 0; ; ) {
    const batch = await store.readAllStored({ after, limit: 1000 })
    if (batch.length === 0) return all
    all.push(...batch)
    after = batch.at(-1)!.position
  }
}

/** Everything but the position, which the target numbers itself. */
const withoutPosition = (events: StoredEvent[]) => events.map(({ position: _, ...rest }) => rest)

async function expectSameLog(t: Test, sqliteFile: string, postgresUrl: string): Promise<void> {
  const source = openSqliteEventStore({ file: sqliteFile })
  const target = await openPostgresEventStore({ connectionString: postgresUrl })
  const [from, to] = [await readEverything(source), await readEverything(target)]
  await Promise.all([source.close(), target.close()])
  t.equal(to.length, from.length, 'every event was copied')
  t.same(
    withoutPosition(to),
    withoutPosition(from),
    'ids, streams, versions, order, JSON text and hashes match',
  )
}

t.test('a log copied in batches that split multi-event commands, after an interrupted run', async (t) => {
  const file = await givenSqliteLog('interrupted', 300)
  const url = await server.createDatabase()

  // Given a run stopped after its first batch,
  const source = openSqliteEventStore({ file })
  const target = await openPostgresEventStore({ connectionString: url })
  const interrupt = new AbortController()
  const stopped = await migrateLog(source, target, {
    batchSize: 50,
    onProgress: () => interrupt.abort(),
    signal: interrupt.signal,
  })
  t.match(stopped, { ok: false, problem: /interrupted/ })
  const partial = await target.headPosition()
  await Promise.all([source.close(), target.close()])
  t.ok(partial > 0, 'the interrupted run left a prefix in the target')

  // when the command runs to the end,
  const run = duban(
    'migrate',
    '--from',
    `sqlite:${path.relative(process.cwd(), file)}`,
    '--to',
    url,
    '--batch-size',
    '7',
  )
  t.equal(run.status, 0, run.stderr)
  t.match(
    run.stdout,
    /migrate ok: \d+ events copied \(resumed after \d+\); the target holds 450 events in 40 streams/,
  )
  t.notMatch(run.stdout, /duban-test@|:duban-test/, 'the password is not printed')

  // then the target is the source, verbatim.
  await expectSameLog(t, file, url)
  const again = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(again.status, 0, 'a finished migration run again copies nothing and verifies')
  t.match(again.stdout, /migrate ok: 0 events copied \(resumed after 450\)/)
})

t.test('a migration killed with SIGKILL resumes where it stopped', async (t) => {
  const file = await givenSqliteLog('killed', 4000)
  const url = await server.createDatabase()
  const watcher = await openPostgresEventStore({ connectionString: url })
  t.teardown(() => watcher.close())

  const child = spawn(
    process.execPath,
    cliArgs('migrate', '--from', `sqlite://${file}`, '--to', url, '--batch-size', '20'),
    { stdio: 'ignore' },
  )
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  )
  // Kill it once it has written something; it cannot be finished by then with 6000 events in batches of 20.
  while ((await watcher.headPosition()) === 0) await new Promise((resolve) => setTimeout(resolve, 5))
  child.kill('SIGKILL')
  t.equal(await exited, 'SIGKILL')
  const copiedBeforeKill = (await readEverything(watcher)).length
  t.ok(
    copiedBeforeKill > 0 && copiedBeforeKill < 6000,
    `killed part-way (${copiedBeforeKill} of 6000 events)`,
  )

  const resumed = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(resumed.status, 0, resumed.stderr)
  t.match(resumed.stdout, new RegExp(`resumed after ${copiedBeforeKill}\\); the target holds 6000 events`))
  await expectSameLog(t, file, url)
})

t.test('bad input: exit 2 with one clear line, nothing written', async (t) => {
  const file = await givenSqliteLog('bad-input', 20)
  const other = await givenSqliteLog('other-log', 5)
  const url = await server.createDatabase()

  const unknown = duban('migrate', '--from', `sqlite://${file}`, '--to', 'mysql://localhost/duban')
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /^duban: store url mysql:\/\/localhost\/duban: unknown kind mysql:/)

  const missing = duban(
    'migrate',
    '--from',
    `sqlite://${path.join(directory, 'nowhere.sqlite')}`,
    '--to',
    url,
  )
  t.equal(missing.status, 2)
  t.match(missing.stderr, /no event log at .*nowhere\.sqlite/)

  const same = duban(
    'migrate',
    '--from',
    `sqlite://${file}`,
    '--to',
    `sqlite:${path.relative(process.cwd(), file)}`,
  )
  t.equal(same.status, 2)
  t.match(same.stderr, /name the same store/)

  t.equal(duban('migrate', '--from', `sqlite://${other}`, '--to', url).status, 0)
  const foreign = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(foreign.status, 2, 'a target holding another log is refused')
  t.match(foreign.stderr, /not a prefix of the source/)
  const target = await openPostgresEventStore({ connectionString: url })
  t.equal((await readEverything(target)).length, 9, 'the target was left as it was')
  await target.close()
})

/** A report event citing files, as the API records it. */
const reportCiting = (reportId: string, files: [Buffer, string][], i: number) => ({
  type: 'ProgressReportSubmitted',
  schemaVersion: 1,
  data: {
    taskId: 't1',
    unitId: 'cq-shangwuwei',
    reportId,
    narrative: '清单见附件。',
    indicatorValues: [],
    evidence: [],
    attachments: files.map(([bytes, name]) => ({
      sha256: sha256(bytes),
      name,
      mediaType: 'application/pdf',
      size: bytes.length,
    })),
  },
  metadata: metadata(reportId, i),
})
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** An embedded data directory: the log, and the files it holds in `attachments`. */
function givenDataDir(name: string) {
  const dir = path.join(directory, name)
  mkdirSync(dir)
  return {
    file: path.join(dir, 'duban.sqlite'),
    files: new FileAttachmentStore(path.join(dir, 'attachments')),
  }
}

async function attachmentsAt(t: Test, url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  t.teardown(() => pool.end())
  return PostgresAttachmentStore.open(pool)
}

t.test('given a ledger whose report cites a file larger than a chunk, when it is migrated', async (t) => {
  const { file, files } = givenDataDir('with-files')
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(CHUNK_BYTES * 2 + CHUNK_BYTES / 2)])
  const small = Buffer.from('%PDF-1.4 一季度活动清单')
  const uncited = Buffer.from('%PDF-1.4 被退回的报送所附清单')
  for (const bytes of [big, small, uncited]) await files.put(sha256(bytes), bytes)
  const log = openSqliteEventStore({ file })
  await log.append(
    'assignment-t1-cq-shangwuwei',
    [
      reportCiting(
        'r1',
        [
          [big, '清单.pdf'],
          [small, '说明.pdf'],
        ],
        1,
      ),
    ],
    {
      expectedVersion: 'no_stream',
    },
  )
  await log.close()
  const url = await server.createDatabase()

  const run = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(run.status, 0, run.stderr)
  t.match(
    run.stdout,
    'attachments: 3 files copied, 0 already there; the 2 files reports cite are all in the target',
  )
  const target = await attachmentsAt(t, url)
  for (const bytes of [big, small, uncited]) {
    const stored = await target.read(sha256(bytes))
    t.ok(stored && (await buffer(stored.stream)).equals(bytes), 'then PostgreSQL holds the same bytes')
  }

  const again = duban('migrate', '--from', `sqlite://${file}`, '--to', url, '--json')
  t.equal(again.status, 0, again.stderr)
  t.match(JSON.parse(again.stdout), {
    ok: true,
    copied: 0,
    attachments: { files: 3, copied: 0, alreadyThere: 3, cited: 2 },
  })
})

t.test('given a report citing a file missing from the source, when it is migrated', async (t) => {
  const { file, files } = givenDataDir('file-missing')
  const kept = Buffer.from('%PDF-1.4 在的清单')
  const lost = Buffer.from('%PDF-1.4 丢失的清单')
  await files.put(sha256(kept), kept)
  const log = openSqliteEventStore({ file })
  await log.append(
    'assignment-t1-cq-shangwuwei',
    [
      reportCiting(
        'r-lost',
        [
          [kept, '在.pdf'],
          [lost, '丢失.pdf'],
        ],
        1,
      ),
    ],
    {
      expectedVersion: 'no_stream',
    },
  )
  await log.close()
  const url = await server.createDatabase()

  const run = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(run.status, 1, 'then it fails')
  t.match(
    run.stderr,
    `duban: migrate FAILED: 1 cited attachment is missing from the target (the source attachment store does not hold it either): report r-lost (assignment-t1-cq-shangwuwei) cites “丢失.pdf” (${sha256(lost)})`,
    'naming the report and the file',
  )
  t.equal(await (await attachmentsAt(t, url)).has(sha256(kept)), true, 'the files it has are copied')

  await files.put(sha256(lost), lost)
  const resumed = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(resumed.status, 0, 'once the file is back, a re-run finishes')
  t.match(
    resumed.stdout,
    'attachments: 1 files copied, 1 already there; the 2 files reports cite are all in the target',
  )
})

t.test('given a source file whose bytes are not those of its name, when it is migrated', async (t) => {
  const { file, files } = givenDataDir('file-corrupt')
  const bytes = Buffer.from('%PDF-1.4 清单')
  await files.put(sha256(bytes), bytes)
  writeFileSync(path.join(path.dirname(file), 'attachments', sha256(bytes)), '%PDF-1.4 被改过的清单')
  await openSqliteEventStore({ file }).close()
  const url = await server.createDatabase()

  const run = duban('migrate', '--from', `sqlite://${file}`, '--to', url)
  t.equal(run.status, 1, 'then it fails')
  t.match(run.stderr, `attachment ${sha256(bytes)} in the source holds other bytes`)
  t.equal(await (await attachmentsAt(t, url)).has(sha256(bytes)), false, 'and the target keeps nothing of it')
})

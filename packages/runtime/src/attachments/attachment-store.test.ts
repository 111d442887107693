/** The two attachment stores behave alike: content-addressed, written once, nothing half-written. */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import pg from 'pg'
import t, { type Test } from 'tap'
import type { AttachmentStore } from './attachment-store'
import { FileAttachmentStore } from './file-attachment-store'
import { CHUNK_BYTES, PostgresAttachmentStore } from './postgres-attachment-store'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const bytes = new TextEncoder().encode('%PDF-1.4 一季度活动清单')
const hash = sha256(bytes)
/** Two and a half chunks of the PostgreSQL store and a few bytes: more than one chunk, not a whole number. */
const big = randomBytes(CHUNK_BYTES * 2.5 + 17)
const bigHash = sha256(big)

/** Everything the store gives for the hash, or undefined. */
async function contentOf(store: AttachmentStore, sha256: string) {
  const stored = await store.read(sha256)
  if (!stored) return undefined
  const read = await buffer(stored.stream)
  return { size: stored.size, bytes: new Uint8Array(read) }
}

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

/** A store, and a way to make a file look untouched for two days (no test waits that long). */
interface Opened {
  store: AttachmentStore
  age(sha256: string): Promise<void>
}

let fileDir = ''
const stores: [string, (t: Test) => Promise<Opened>][] = [
  [
    'file',
    async (t) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'duban-attachments-'))
      t.teardown(() => rmSync(dir, { recursive: true, force: true }))
      const files = path.join(dir, 'attachments')
      fileDir = files
      return {
        store: new FileAttachmentStore(files),
        age: async (sha256) => utimesSync(path.join(files, sha256), daysAgo(2), daysAgo(2)),
      }
    },
  ],
  [
    'PostgreSQL',
    async (t) => {
      const pool = new pg.Pool({ connectionString: await server.createDatabase('attachments'), max: 4 })
      t.teardown(() => pool.end())
      return {
        store: await PostgresAttachmentStore.open(pool),
        age: async (sha256) => {
          await pool.query(
            "UPDATE duban_attachments SET touched_at = now() - interval '2 days' WHERE sha256 = $1",
            [sha256],
          )
        },
      }
    },
  ],
]

const listed = async (store: AttachmentStore) => {
  const entries = []
  for await (const entry of store.list()) entries.push(entry)
  return entries
}

for (const [kind, open] of stores) {
  t.test(`given the ${kind} attachment store`, async (t) => {
    const { store } = await open(t)
    t.equal(await store.has(hash), false)
    t.equal(await store.read(hash), undefined, 'a file not stored reads as none')
    t.equal(await store.put(hash, bytes), true, 'when a file is put, it is new')
    t.equal(await store.put(hash, bytes), false, 'the same bytes again: stored once')
    t.same(await contentOf(store, hash), { size: bytes.length, bytes }, 'then it reads back byte for byte')
    t.equal(await store.has(hash), true)
    if (kind === 'file')
      t.same(readdirSync(fileDir), [hash], 'one file, named by its hash, no temporary left')
    await t.rejects(store.read('../../etc/passwd'), /not a sha256/, 'a name that is not a hash is refused')
    t.equal(
      await store.removeIfUntouchedSince(hash, daysAgo(1)),
      false,
      'a file touched since the cutoff is not removed',
    )
    t.equal(await store.has(hash), true)
    t.equal(
      await store.removeIfUntouchedSince(hash, new Date(Date.now() + DAY)),
      true,
      'one untouched since is',
    )
    t.equal(await store.has(hash), false, 'a file removed is gone')
    t.equal(await store.touch(hash), false, 'and cannot be touched')
    t.equal(await store.read(hash), undefined)
    const upload = path.join(t.testdir(), 'upload')
    writeFileSync(upload, bytes)
    t.equal(await store.putFile(hash, upload), true, 'when a file on disk is put, it is new')
    t.equal(await store.putFile(hash, upload), false, 'and stored once')
    t.same(await contentOf(store, hash), { size: bytes.length, bytes }, 'then it reads back byte for byte')
    t.ok(existsSync(upload), 'the file put is left where it was')
    if (kind === 'file') t.same(readdirSync(fileDir), [hash], 'no temporary left')
    await store.close()
  })

  t.test(
    `given the ${kind} attachment store, when a file of several megabytes is put twice at once`,
    async (t) => {
      const { store } = await open(t)
      const upload = path.join(t.testdir(), 'big')
      writeFileSync(upload, big)
      const firsts = await Promise.all([store.putFile(bigHash, upload), store.putFile(bigHash, upload)])
      t.same(firsts.sort(), [false, true], 'then one of the two stores it, the other finds it stored')
      const read = await contentOf(store, bigHash)
      t.equal(read?.size, big.length)
      t.ok(read && Buffer.from(read.bytes).equals(big), 'and it reads back byte for byte')
      const stored = await store.read(bigHash)
      stored?.stream.destroy()
      t.equal(await store.has(bigHash), true, 'a stream given up leaves the file as it was')
      await store.close()
    },
  )

  t.test(`given a file in the ${kind} store untouched for two days`, async (t) => {
    const { store, age } = await open(t)
    const stored = async () => {
      await store.put(hash, bytes)
      await age(hash)
      t.same(
        (await listed(store)).map((e) => ({ sha256: e.sha256, old: e.touchedAt < daysAgo(1) })),
        [{ sha256: hash, old: true }],
        'it is listed as untouched for more than a day',
      )
    }
    await stored()
    t.equal(await store.touch(hash), true, 'when a report touches it')
    t.equal(await store.removeIfUntouchedSince(hash, daysAgo(1)), false, 'then a sweep of a day keeps it')
    t.ok((await listed(store))[0]!.touchedAt > daysAgo(1), 'its touched time is now')

    await age(hash)
    t.equal(await store.put(hash, bytes), false, 'when the same bytes are stored again')
    t.equal(await store.removeIfUntouchedSince(hash, daysAgo(1)), false, 'then it is kept too')

    await age(hash)
    t.equal(
      await store.removeIfUntouchedSince(hash, daysAgo(1)),
      true,
      'left alone, a sweep of a day takes it',
    )
    t.same(await listed(store), [], 'nothing is left')
    if (kind === 'file') t.same(readdirSync(fileDir), [], 'not even the file set aside')
    await store.close()
  })
}

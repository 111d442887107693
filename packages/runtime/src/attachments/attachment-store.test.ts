/** The two attachment stores behave alike: content-addressed, written once, nothing half-written. */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
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

let fileDir = ''
const stores: [string, (t: Test) => Promise<AttachmentStore>][] = [
  [
    'file',
    async (t) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'duban-attachments-'))
      t.teardown(() => rmSync(dir, { recursive: true, force: true }))
      fileDir = path.join(dir, 'attachments')
      return new FileAttachmentStore(fileDir)
    },
  ],
  [
    'PostgreSQL',
    async (t) => {
      const pool = new pg.Pool({ connectionString: await server.createDatabase('attachments'), max: 4 })
      t.teardown(() => pool.end())
      return PostgresAttachmentStore.open(pool)
    },
  ],
]

for (const [kind, open] of stores) {
  t.test(`given the ${kind} attachment store`, async (t) => {
    const store = await open(t)
    t.equal(await store.has(hash), false)
    t.equal(await store.read(hash), undefined, 'a file not stored reads as none')
    t.equal(await store.put(hash, bytes), true, 'when a file is put, it is new')
    t.equal(await store.put(hash, bytes), false, 'the same bytes again: stored once')
    t.same(await contentOf(store, hash), { size: bytes.length, bytes }, 'then it reads back byte for byte')
    t.equal(await store.has(hash), true)
    if (kind === 'file')
      t.same(readdirSync(fileDir), [hash], 'one file, named by its hash, no temporary left')
    await t.rejects(store.read('../../etc/passwd'), /not a sha256/, 'a name that is not a hash is refused')
    await store.remove(hash)
    t.equal(await store.has(hash), false, 'a file removed is gone')
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
      const store = await open(t)
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
}

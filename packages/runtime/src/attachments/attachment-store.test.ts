/** The two attachment stores behave alike: content-addressed, written once, nothing half-written. */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import pg from 'pg'
import t from 'tap'
import type { AttachmentStore } from './attachment-store'
import { FileAttachmentStore } from './file-attachment-store'
import { PostgresAttachmentStore } from './postgres-attachment-store'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const bytes = new TextEncoder().encode('%PDF-1.4 一季度活动清单')
const hash = createHash('sha256').update(bytes).digest('hex')
let fileDir = ''

const stores: [string, () => Promise<AttachmentStore>][] = [
  [
    'file',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'duban-attachments-'))
      t.teardown(() => rmSync(dir, { recursive: true, force: true }))
      fileDir = path.join(dir, 'attachments')
      return new FileAttachmentStore(fileDir)
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const pool = new pg.Pool({ connectionString: await server.createDatabase('attachments'), max: 2 })
      t.teardown(() => pool.end())
      return PostgresAttachmentStore.open(pool)
    },
  ],
]

for (const [kind, open] of stores) {
  t.test(`given the ${kind} attachment store`, async (t) => {
    const store = await open()
    t.equal(await store.has(hash), false)
    t.equal(await store.get(hash), undefined)
    t.equal(await store.put(hash, bytes), true, 'when a file is put, it is new')
    t.equal(await store.put(hash, bytes), false, 'the same bytes again: stored once')
    t.same(await store.get(hash), bytes, 'then it reads back byte for byte')
    t.equal(await store.has(hash), true)
    if (kind === 'file')
      t.same(readdirSync(fileDir), [hash], 'one file, named by its hash, no temporary left')
    await t.rejects(store.get('../../etc/passwd'), /not a sha256/, 'a name that is not a hash is refused')
    await store.remove(hash)
    t.equal(await store.has(hash), false, 'a file removed is gone')
    const upload = path.join(t.testdir(), 'upload')
    writeFileSync(upload, bytes)
    t.equal(await store.putFile(hash, upload), true, 'when a file on disk is put, it is new')
    t.equal(await store.putFile(hash, upload), false, 'and stored once')
    t.same(await store.get(hash), bytes, 'then it reads back byte for byte')
    t.ok(existsSync(upload), 'the file put is left where it was')
    if (kind === 'file') t.same(readdirSync(fileDir), [hash], 'no temporary left')
    await store.close()
  })
}

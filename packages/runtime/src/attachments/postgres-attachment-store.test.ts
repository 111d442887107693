/**
 * The PostgreSQL attachment store keeps a file in chunks: no statement sends, and no row brings
 * back, more than a chunk, so an API process never holds a 20 MB evidence file whole; a write cut
 * short leaves nothing; files stored whole by the release before are read after its upgrade.
 */
import { createHash, randomBytes } from 'node:crypto'
import { truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { migrateConnection } from '@duban/eventstore'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import pg from 'pg'
import t, { type Test } from 'tap'
import { CHUNK_BYTES, chunksOf, PostgresAttachmentStore } from './postgres-attachment-store'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

interface Sent {
  text: string
  /** The largest parameter sent, in bytes. */
  largestParameter: number
  /** The largest value of any row it brought back, in bytes (once answered). */
  largestValue: number
}

/**
 * A pool whose every statement (on any of its connections) is recorded with the size of what it
 * sent and got back; `before` may act before a statement goes out (and delay it).
 */
async function watchedPool(
  t: Test,
  before?: (text: string, values: unknown[], client: pg.Client) => Promise<void> | void,
) {
  const pool = new pg.Pool({ connectionString: await server.createDatabase('attachment_chunks'), max: 4 })
  // Ended with the test that uses it, before the server stops (which would cut its idle connections).
  t.teardown(() => pool.end())
  const sent: Sent[] = []
  const sizeOf = (value: unknown) =>
    Buffer.isBuffer(value) ? value.length : typeof value === 'string' ? Buffer.byteLength(value) : 0
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const [text, values] = args as [string | { text: string }, unknown[] | undefined]
      const record: Sent = {
        text: typeof text === 'string' ? text : text.text,
        largestParameter: Math.max(0, ...(values ?? []).map(sizeOf)),
        largestValue: 0,
      }
      sent.push(record)
      const answered = (result: pg.QueryResult | undefined) => {
        for (const row of result?.rows ?? [])
          for (const value of Object.values(row))
            record.largestValue = Math.max(record.largestValue, sizeOf(value))
      }
      const callback = args.findIndex((arg) => typeof arg === 'function')
      if (callback >= 0) {
        const done = args[callback] as (error: Error | undefined, result: pg.QueryResult | undefined) => void
        args[callback] = (error: Error | undefined, result: pg.QueryResult | undefined) => {
          answered(result)
          done(error, result)
        }
      }
      const go = () => {
        const result = query(...args)
        if (result instanceof Promise)
          return result.then((r: pg.QueryResult) => {
            answered(r)
            return r
          })
        return result
      }
      const waiting = before?.(record.text, values ?? [], client as unknown as pg.Client)
      return waiting instanceof Promise ? waiting.then(go) : go()
    }
  })
  return { pool, sent, store: await PostgresAttachmentStore.open(pool) }
}

const count = async (pool: pg.Pool, table: string) =>
  Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)

const chunkInserts = (sent: Sent[]) =>
  sent.filter((s) => s.text.startsWith('INSERT INTO duban_attachment_chunks'))
const chunkSelects = (sent: Sent[]) =>
  sent.filter((s) => s.text.startsWith('SELECT bytes FROM duban_attachment_chunks'))

t.test('given a file of five chunks and a bit on disk', async (t) => {
  const file = randomBytes(CHUNK_BYTES * 5 + 1234)
  const hash = sha256(file)
  const upload = path.join(t.testdir(), 'upload')
  writeFileSync(upload, file)
  const { pool, sent, store } = await watchedPool(t)

  t.test('when it is put, then it is stored as six chunk rows, none over a chunk', async (t) => {
    t.equal(await store.putFile(hash, upload), true)
    const { rows } = await pool.query<{ seq: number; length: number }>(
      'SELECT seq, octet_length(bytes) AS length FROM duban_attachment_chunks WHERE sha256 = $1 ORDER BY seq',
      [hash],
    )
    t.same(
      rows,
      [0, 1, 2, 3, 4].map((seq) => ({ seq, length: CHUNK_BYTES })).concat({ seq: 5, length: 1234 }),
    )
    t.same((await pool.query('SELECT size FROM duban_attachments')).rows, [{ size: file.length }])
    t.equal(chunkInserts(sent).length, 6, 'a statement per chunk')
    t.equal(
      Math.max(...sent.map((s) => s.largestParameter)),
      CHUNK_BYTES,
      'no statement sent more than a chunk',
    )
  })

  t.test('when it is read, then a query fetches each chunk as the reader takes it', async (t) => {
    sent.length = 0
    const stored = await store.read(hash)
    t.equal(stored?.size, file.length)
    const chunks = stored!.stream[Symbol.asyncIterator]()
    const first = (await chunks.next()).value as Buffer
    t.ok(first.length < file.length, 'the stream gives part of the file, not the whole')
    // Turns of the event loop for a stream that would read ahead: it may hold the chunk after
    // the one its reader took, no more.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
    t.ok(
      chunkSelects(sent).length <= 2,
      `${chunkSelects(sent).length} of 6 chunks fetched while the reader waits`,
    )
    const rest: Buffer[] = [first]
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      rest.push(next.value as Buffer)
    t.ok(Buffer.concat(rest).equals(file), 'then it reads back byte for byte')
    t.equal(chunkSelects(sent).length, 6, 'a query per chunk')
    t.equal(
      Math.max(...sent.map((s) => s.largestValue)),
      CHUNK_BYTES,
      'no row brought back more than a chunk',
    )
  })

  t.test('when the file is removed, then its chunks go with it', async (t) => {
    t.ok(await store.removeIfUntouchedSince(hash, new Date(Date.now() + 60_000)))
    t.equal(await count(pool, 'duban_attachment_chunks'), 0)
    t.equal(await store.read(hash), undefined)
  })
})

t.test('given a file whose upload is cut short while it is stored', async (t) => {
  const file = randomBytes(CHUNK_BYTES * 4)
  const hash = sha256(file)
  const upload = path.join(t.testdir(), 'upload')

  t.test('when the file shrinks under the store (its reader sees fewer bytes than it had)', async (t) => {
    writeFileSync(upload, file)
    const { pool, store } = await watchedPool(t, (text, values) => {
      if (text.startsWith('INSERT INTO duban_attachment_chunks') && values[1] === 1)
        truncateSync(upload, CHUNK_BYTES + 10)
    })
    await t.rejects(store.putFile(hash, upload), /bytes read where 4194304 were expected/)
    t.equal(await store.has(hash), false, 'then the file is not stored')
    t.equal(await count(pool, 'duban_attachments'), 0, 'no row claims it')
    t.equal(await count(pool, 'duban_attachment_chunks'), 0, 'and no chunk of it is left')
  })

  t.test('when the connection to the database is lost after the first chunk', async (t) => {
    writeFileSync(upload, file)
    let killer: pg.Pool | undefined
    let killed = false
    const { pool, store } = await watchedPool(t, async (text, values, client) => {
      if (killer && !killed && text.startsWith('INSERT INTO duban_attachment_chunks') && values[1] === 1) {
        killed = true
        const pid = (client as unknown as { processID: number }).processID
        await killer.query('SELECT pg_terminate_backend($1)', [pid])
      }
    })
    killer = pool
    await t.rejects(store.putFile(hash, upload), 'then the upload fails')
    t.ok(killed, 'the connection was cut after the first chunk went in')
    t.equal(await store.has(hash), false, 'the file is not stored')
    t.equal(await count(pool, 'duban_attachments'), 0, 'no row claims it')
    t.equal(await count(pool, 'duban_attachment_chunks'), 0, 'and no chunk of it is left')
    t.equal(await store.putFile(hash, upload), true, 'when it is sent again, it is stored')
    const stored = await store.read(hash)
    t.ok((await buffer(stored!.stream)).equals(file), 'whole, byte for byte')
  })
})

t.test('given files the release before stored whole (one bytea a file, migration 0003)', async (t) => {
  const url = await server.createDatabase('attachments_whole')
  const big = randomBytes(CHUNK_BYTES * 2 + 99)
  const small = Buffer.from('%PDF-1.4 旧版本存的附件')
  const exact = randomBytes(CHUNK_BYTES)
  const old = new pg.Client({ connectionString: url })
  await old.connect()
  await migrateConnection(old, 3)
  for (const bytes of [big, small, exact])
    await old.query('INSERT INTO duban_attachments (sha256, bytes, size) VALUES ($1, $2, $3)', [
      sha256(bytes),
      bytes,
      bytes.length,
    ])
  await old.end()

  t.test('when this release opens the database, then every file reads back byte for byte', async (t) => {
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    t.teardown(() => pool.end())
    const store = await PostgresAttachmentStore.open(pool)
    for (const bytes of [big, small, exact]) {
      const stored = await store.read(sha256(bytes))
      t.equal(stored?.size, bytes.length)
      t.ok((await buffer(stored!.stream)).equals(bytes), `${bytes.length} bytes, byte for byte`)
    }
    const { rows } = await pool.query<{ sha256: string; chunks: number; largest: number }>(
      `SELECT sha256, count(*)::int AS chunks, max(octet_length(bytes)) AS largest
       FROM duban_attachment_chunks GROUP BY sha256`,
    )
    t.same(
      Object.fromEntries(rows.map((row) => [row.sha256, [row.chunks, row.largest]])),
      {
        [sha256(big)]: [3, CHUNK_BYTES],
        [sha256(small)]: [1, small.length],
        [sha256(exact)]: [1, CHUNK_BYTES],
      },
      'split into chunks inside the database',
    )
    const column = await pool.query(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'duban_attachments' AND column_name = 'bytes'",
    )
    t.equal(column.rowCount, 0, 'and the whole copies are gone')
    t.equal(await store.put(sha256(small), small), false, 'a file already there is still stored once')
  })
})

t.test('chunksOf: whatever sizes the bytes come in, the chunks are whole but the last', async (t) => {
  const pieces = [
    randomBytes(10),
    randomBytes(CHUNK_BYTES * 2 + 5),
    randomBytes(CHUNK_BYTES - 15),
    randomBytes(3),
  ]
  const chunks: Buffer[] = []
  for await (const chunk of chunksOf(pieces)) chunks.push(chunk)
  t.same(
    chunks.map((chunk) => chunk.length),
    [CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 3],
  )
  t.ok(Buffer.concat(chunks).equals(Buffer.concat(pieces)), 'the same bytes, in order')
  const none: Buffer[] = []
  for await (const chunk of chunksOf([new Uint8Array(0)])) none.push(chunk)
  t.same(none, [], 'no bytes, no chunk')
})

/**
 * Attachments in the server store's PostgreSQL, shared by every API process. A file is its row
 * in `duban_attachments` (hash, size) and its bytes in `duban_attachment_chunks`, at most
 * CHUNK_BYTES a row (migration 0004). Both go in in one transaction, a chunk per statement read
 * from the file on the way, so no process holds more than a chunk of it; a write that fails or is
 * given up rolls back, and a file's row is never seen without all its chunks. A file is read back
 * one chunk per query, as its reader asks for more.
 *
 * Why a table of chunks and not PostgreSQL large objects (`pg-large-object`): large objects live
 * in `pg_largeobject`, outside the public tables that `duban backup` copies row by row, so a
 * restored ledger would cite files that are gone; an object removed with its row needs its own
 * `lo_unlink` (or `vacuumlo`) or it leaks; and it is read through one connection held in a
 * transaction for the whole download, which a slow client would keep from a pool of four. A chunk
 * is an ordinary row: backed up and restored with the rest, removed with its file (ON DELETE
 * CASCADE), read by primary key with no connection held between chunks.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { migratePostgres } from '@duban/eventstore'
import type pg from 'pg'
import {
  type AttachmentEntry,
  type AttachmentStore,
  requireHash,
  type StoredAttachment,
} from './attachment-store'

/** The most bytes a chunk row holds (the table's CHECK says the same). */
export const CHUNK_BYTES = 1024 * 1024

export class PostgresAttachmentStore implements AttachmentStore {
  /** The pool is the caller's: `close` leaves it open. Its tables come with the schema's migrations (0003, 0004). */
  static async open(pool: pg.Pool): Promise<PostgresAttachmentStore> {
    await migratePostgres(pool)
    return new PostgresAttachmentStore(pool)
  }

  private constructor(private readonly pool: pg.Pool) {}

  put(sha256: string, bytes: Uint8Array): Promise<boolean> {
    return this.write(requireHash(sha256), bytes.length, [bytes])
  }

  /** Read CHUNK_BYTES at a time: the file never passes through memory whole. */
  async putFile(sha256: string, file: string): Promise<boolean> {
    const { size } = await stat(file)
    return this.write(requireHash(sha256), size, createReadStream(file, { highWaterMark: CHUNK_BYTES }))
  }

  putStream(sha256: string, size: number, bytes: AsyncIterable<Uint8Array>): Promise<boolean> {
    return this.write(requireHash(sha256), size, bytes)
  }

  /**
   * The file's row first: it takes the hash's key, so a second writer of the same bytes waits for
   * this transaction and then finds them stored (or, if this one fails, stores them itself). Bytes
   * found stored are touched (the row's `touched_at`), and that is committed.
   */
  private async write(
    sha256: string,
    size: number,
    source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<boolean> {
    const client = await this.pool.connect()
    let broken: Error | undefined
    // The connection is held while the file is read: one lost meanwhile says so here (the next
    // statement then fails), not as an unhandled 'error' that would end the process.
    const lost = (error: Error) => {
      broken = error
    }
    client.on('error', lost)
    try {
      await client.query('BEGIN')
      // xmax is 0 on a row this statement inserted, and not on one it updated.
      const claimed = await client.query<{ inserted: boolean }>(
        `INSERT INTO duban_attachments (sha256, size) VALUES ($1, $2)
         ON CONFLICT (sha256) DO UPDATE SET touched_at = now() RETURNING (xmax = 0) AS inserted`,
        [sha256, size],
      )
      if (!claimed.rows[0]?.inserted) {
        await client.query('COMMIT')
        return false
      }
      let seq = 0
      let written = 0
      for await (const chunk of chunksOf(source)) {
        await client.query('INSERT INTO duban_attachment_chunks (sha256, seq, bytes) VALUES ($1, $2, $3)', [
          sha256,
          seq++,
          chunk,
        ])
        written += chunk.length
      }
      if (written !== size)
        throw new Error(`attachment ${sha256}: ${written} bytes read where ${size} were expected`)
      await client.query('COMMIT')
      return true
    } catch (error) {
      // A connection lost, or that cannot even roll back, is not given back to the pool.
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken ??= rollback
      })
      throw error
    } finally {
      client.off('error', lost)
      client.release(broken)
    }
  }

  async read(sha256: string): Promise<StoredAttachment | undefined> {
    const { rows } = await this.pool.query<{ size: number }>(
      'SELECT size FROM duban_attachments WHERE sha256 = $1',
      [requireHash(sha256)],
    )
    if (!rows[0]) return undefined
    const { size } = rows[0]
    // Not in object mode: the stream buffers by bytes, so it asks for the next chunk only when
    // its reader has taken most of the one before.
    return { size, stream: Readable.from(this.chunks(sha256, size), { objectMode: false }) }
  }

  /** A query per chunk, as the stream is read; a chunk missing (the file removed meanwhile) fails the stream. */
  private async *chunks(sha256: string, size: number): AsyncGenerator<Buffer> {
    let read = 0
    for (let seq = 0; read < size; seq++) {
      const { rows } = await this.pool.query<{ bytes: Buffer }>(
        'SELECT bytes FROM duban_attachment_chunks WHERE sha256 = $1 AND seq = $2',
        [sha256, seq],
      )
      if (!rows[0])
        throw new Error(`attachment ${sha256}: chunk ${seq} is missing after ${read} of ${size} bytes`)
      read += rows[0].bytes.length
      yield rows[0].bytes
    }
  }

  async has(sha256: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM duban_attachments WHERE sha256 = $1', [
      requireHash(sha256),
    ])
    return rowCount === 1
  }

  /** An update takes the row's lock: it waits for a sweep deleting the row, then finds none. */
  async touch(sha256: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE duban_attachments SET touched_at = now() WHERE sha256 = $1',
      [requireHash(sha256)],
    )
    return rowCount === 1
  }

  async *list(): AsyncIterable<AttachmentEntry> {
    // A hash and a time per file, never the bytes: one query holds them all.
    const { rows } = await this.pool.query<{ sha256: string; touched_at: Date }>(
      'SELECT sha256, touched_at FROM duban_attachments ORDER BY sha256',
    )
    for (const row of rows) yield { sha256: row.sha256, touchedAt: row.touched_at }
  }

  /** One statement, so no touch comes between the check and the delete; the chunks go with the row (ON DELETE CASCADE). */
  async removeIfUntouchedSince(sha256: string, cutoff: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM duban_attachments WHERE sha256 = $1 AND touched_at < $2',
      [requireHash(sha256), cutoff],
    )
    return rowCount === 1
  }

  /** The pool is the caller's to end. */
  async close(): Promise<void> {}
}

/**
 * The bytes as chunks of exactly CHUNK_BYTES (the last one shorter), whatever sizes they come in:
 * a big buffer is cut, small reads are gathered.
 */
export async function* chunksOf(
  source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Buffer> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  for await (const piece of source) {
    let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
    while (rest.length > 0) {
      const take = Math.min(rest.length, CHUNK_BYTES - pendingBytes)
      pending.push(rest.subarray(0, take))
      pendingBytes += take
      rest = rest.subarray(take)
      if (pendingBytes === CHUNK_BYTES) {
        yield pending.length === 1 ? pending[0]! : Buffer.concat(pending)
        pending = []
        pendingBytes = 0
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending)
}

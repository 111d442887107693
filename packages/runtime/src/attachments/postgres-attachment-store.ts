/** Attachments in the server store's PostgreSQL (`duban_attachments`), shared by every API process. */
import { readFile } from 'node:fs/promises'
import { migratePostgres } from '@duban/eventstore'
import type pg from 'pg'
import { type AttachmentStore, requireHash } from './attachment-store'

export class PostgresAttachmentStore implements AttachmentStore {
  /** The pool is the caller's: `close` leaves it open. Its table comes with the schema's migrations (0003). */
  static async open(pool: pg.Pool): Promise<PostgresAttachmentStore> {
    await migratePostgres(pool)
    return new PostgresAttachmentStore(pool)
  }

  private constructor(private readonly pool: pg.Pool) {}

  async put(sha256: string, bytes: Uint8Array): Promise<boolean> {
    const result = await this.pool.query(
      'INSERT INTO duban_attachments (sha256, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
      [requireHash(sha256), Buffer.from(bytes), bytes.length],
    )
    return result.rowCount === 1
  }

  /** A bytea value is sent whole: the file is read into memory, one file at a time. */
  async putFile(sha256: string, file: string): Promise<boolean> {
    return this.put(sha256, await readFile(file))
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>(
      'SELECT bytes FROM duban_attachments WHERE sha256 = $1',
      [requireHash(sha256)],
    )
    return rows[0] ? new Uint8Array(rows[0].bytes) : undefined
  }

  async has(sha256: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM duban_attachments WHERE sha256 = $1', [
      requireHash(sha256),
    ])
    return rowCount === 1
  }

  async remove(sha256: string): Promise<void> {
    await this.pool.query('DELETE FROM duban_attachments WHERE sha256 = $1', [requireHash(sha256)])
  }

  /** The pool is the caller's to end. */
  async close(): Promise<void> {}
}

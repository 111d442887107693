/**
 * The attachment store that goes with an event store named by URL, as the server opens it: the
 * files beside an embedded log (`<its directory>/attachments`), or the tables of the PostgreSQL
 * database. EventStoreDB keeps no files: there is none.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { StoreLocation } from '@duban/eventstore'
import pg from 'pg'
import type { AttachmentStore } from './attachment-store'
import { FileAttachmentStore } from './file-attachment-store'
import { PostgresAttachmentStore } from './postgres-attachment-store'

export interface OpenedAttachments {
  readonly store: AttachmentStore
  /** Where the files are, password masked. */
  readonly display: string
  close(): Promise<void>
}

/**
 * `undefined` when the store keeps no files, or (`mustExist`) when an embedded log's directory
 * has none: a source is read, never made.
 */
export async function openAttachmentStoreAt(
  location: StoreLocation,
  options: { mustExist?: boolean } = {},
): Promise<OpenedAttachments | undefined> {
  if (location.kind === 'sqlite') {
    const dir = path.join(path.dirname(location.file!), 'attachments')
    if (options.mustExist && !existsSync(dir)) return undefined
    return { store: new FileAttachmentStore(dir), display: dir, close: async () => {} }
  }
  if (location.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.url, max: 2, application_name: 'duban-cli' })
    pool.on('error', () => undefined)
    try {
      return {
        store: await PostgresAttachmentStore.open(pool),
        display: location.display,
        close: () => pool.end(),
      }
    } catch (error) {
      await pool.end()
      throw error
    }
  }
  return undefined
}

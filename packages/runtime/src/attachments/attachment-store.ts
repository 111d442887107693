/**
 * Evidence files (佐证材料), content-addressed: a file is stored under the sha256 of its bytes,
 * which the report event records, so the same bytes are stored once and a file cannot change
 * under the event that cites it. Files go in from a file on disk and come out as a stream, so a
 * store never needs a 20 MB file whole in memory.
 */
import type { Readable } from 'node:stream'

export interface AttachmentStore {
  /** Stores the bytes under their hash; true when they were not there before (a caller may undo that). */
  put(sha256: string, bytes: Uint8Array): Promise<boolean>
  /** As `put`, from a file on disk (an upload streamed to a temporary file), the file left in place. */
  putFile(sha256: string, file: string): Promise<boolean>
  /** The file stored under the hash, to be read as a stream (read it, or destroy it); undefined when none is. */
  read(sha256: string): Promise<StoredAttachment | undefined>
  has(sha256: string): Promise<boolean>
  /** Removes a file this caller just stored for a write that was then refused. */
  remove(sha256: string): Promise<void>
  close(): Promise<void>
}

export interface StoredAttachment {
  /** Bytes, as stored: what the stream gives in all. */
  readonly size: number
  readonly stream: Readable
}

export const SHA256 = /^[0-9a-f]{64}$/

/** A hash that names a file, never a path: anything else is refused before it reaches a file system or a query. */
export function requireHash(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 content hash: ${sha256}`)
  return sha256
}

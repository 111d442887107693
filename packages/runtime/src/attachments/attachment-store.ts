/**
 * Evidence files (佐证材料), content-addressed: a file is stored under the sha256 of its bytes,
 * which the report event records, so the same bytes are stored once and a file cannot change
 * under the event that cites it. Files go in from a file on disk or a stream and come out as a
 * stream, so a store never needs a 20 MB file whole in memory.
 *
 * Nothing but the sweep (`sweep.ts`) deletes a file: a write refused after its files were stored
 * leaves them, since another report may have cited the same bytes meanwhile (issue: a refused
 * report's clean-up deleted a file another report cited). So every use of a file — storing it
 * again, a report checking it is there — renews its "touched" time, and the sweep deletes only a
 * file untouched for a long while that no event cites, and only if it is still untouched at the
 * moment it goes (`removeIfUntouchedSince`).
 */
import type { Readable } from 'node:stream'

export interface AttachmentStore {
  /** Stores the bytes under their hash; true when they were not there before (else they are touched). */
  put(sha256: string, bytes: Uint8Array): Promise<boolean>
  /** As `put`, from a file on disk (an upload streamed to a temporary file), the file left in place. */
  putFile(sha256: string, file: string): Promise<boolean>
  /** As `put`, from a stream of `size` bytes (another store's file, being copied). */
  putStream(sha256: string, size: number, bytes: AsyncIterable<Uint8Array>): Promise<boolean>
  /** The file stored under the hash, to be read as a stream (read it, or destroy it); undefined when none is. */
  read(sha256: string): Promise<StoredAttachment | undefined>
  has(sha256: string): Promise<boolean>
  /** Renews the file's touched time, as a report about to cite it does; false when it is not stored. */
  touch(sha256: string): Promise<boolean>
  /** Every file stored, with when it was last stored or touched. */
  list(): AsyncIterable<AttachmentEntry>
  /**
   * Deletes the file unless it was touched at or after `cutoff`, in one step against a touch
   * (a touch that comes after finds no file): true when it was deleted. Only the sweep calls it.
   */
  removeIfUntouchedSince(sha256: string, cutoff: Date): Promise<boolean>
  close(): Promise<void>
}

export interface AttachmentEntry {
  readonly sha256: string
  readonly touchedAt: Date
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

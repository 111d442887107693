/**
 * Evidence files (佐证材料), content-addressed: a file is stored under the sha256 of its bytes,
 * which the report event records, so the same bytes are stored once and a file cannot change
 * under the event that cites it.
 */
export interface AttachmentStore {
  /** Stores the bytes under their hash; true when they were not there before (a caller may undo that). */
  put(sha256: string, bytes: Uint8Array): Promise<boolean>
  /** As `put`, from a file on disk (an upload streamed to a temporary file), the file left in place. */
  putFile(sha256: string, file: string): Promise<boolean>
  get(sha256: string): Promise<Uint8Array | undefined>
  has(sha256: string): Promise<boolean>
  /** Removes a file this caller just stored for a write that was then refused. */
  remove(sha256: string): Promise<void>
  close(): Promise<void>
}

export const SHA256 = /^[0-9a-f]{64}$/

/** A hash that names a file, never a path: anything else is refused before it reaches a file system or a query. */
export function requireHash(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 content hash: ${sha256}`)
  return sha256
}

/**
 * The evidence files of a migrated log: every file of the source's attachment store copied into
 * the target's, a stream at a time (the target takes it a chunk at a time: never a whole file in
 * memory), checked against its hash on the way; then every file the log cites looked up in the
 * target. Content-addressed, so a file the target holds is the same file: a re-run or a resumed
 * run copies only what is not there yet.
 */
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { EventStore } from '@duban/eventstore'
import { type AttachmentStore, citationsIn } from '@duban/runtime'
import { MigrationError } from './migrate-log'

export interface AttachmentsResult {
  /** Files in the source's store. */
  files: number
  copied: number
  /** Files the target held already (an earlier run, or the same bytes stored there). */
  alreadyThere: number
  /** Distinct files the log cites, all in the target. */
  cited: number
}

export interface AttachmentOptions {
  onProgress?: (progress: { done: number; total: number }) => void
  signal?: AbortSignal
}

/**
 * @param source undefined when the source keeps no files (an embedded log with no attachments
 *   directory): nothing is copied, and any file the log cites is reported missing.
 * @throws MigrationError (exit 1) naming the reports whose files the target lacks.
 */
export async function migrateAttachments(
  source: AttachmentStore | undefined,
  target: AttachmentStore,
  log: EventStore,
  options: AttachmentOptions = {},
): Promise<AttachmentsResult> {
  const hashes: string[] = []
  if (source) for await (const entry of source.list()) hashes.push(entry.sha256)
  let copied = 0
  let alreadyThere = 0
  for (const sha256 of hashes) {
    if (options.signal?.aborted)
      throw new MigrationError('interrupted while copying files; run again to resume', 1)
    if (await target.has(sha256)) alreadyThere++
    else {
      const file = await source!.read(sha256)
      // Listed and gone since: the citations below say whether it mattered.
      if (file && (await target.putStream(sha256, file.size, checked(file.stream, sha256)))) copied++
      else if (file) alreadyThere++
    }
    options.onProgress?.({ done: copied + alreadyThere, total: hashes.length })
  }
  return { files: hashes.length, copied, alreadyThere, cited: await requireCited(target, log, source) }
}

/** The bytes as they stream, failing at the end (the target then keeps nothing) if they are not the hash's. */
async function* checked(stream: Readable, sha256: string): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256')
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk)
    yield chunk
  }
  const actual = hash.digest('hex')
  if (actual !== sha256)
    throw new MigrationError(
      `attachment ${sha256} in the source holds other bytes (they hash to ${actual})`,
      1,
    )
}

/** Every file the log cites must be in the target; the number of distinct files cited. */
async function requireCited(
  target: AttachmentStore,
  log: EventStore,
  source: AttachmentStore | undefined,
): Promise<number> {
  const present = new Map<string, boolean>()
  const missing: string[] = []
  for await (const citation of citationsIn(log)) {
    let there = present.get(citation.sha256)
    if (there === undefined) {
      there = await target.has(citation.sha256)
      present.set(citation.sha256, there)
    }
    if (!there)
      missing.push(
        `report ${citation.reportId} (${citation.streamId}) cites “${citation.name}” (${citation.sha256})`,
      )
  }
  if (missing.length > 0) {
    const where = source
      ? 'the source attachment store does not hold it either'
      : 'the source keeps no attachments'
    throw new MigrationError(
      `${missing.length} cited attachment${missing.length === 1 ? ' is' : 's are'} missing from the target (${where}): ` +
        `${missing.slice(0, 5).join('; ')}${missing.length > 5 ? `; and ${missing.length - 5} more` : ''}`,
      1,
    )
  }
  return present.size
}

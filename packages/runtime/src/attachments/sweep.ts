/**
 * The sweep of evidence files no event cites (a report refused after its files were stored, a
 * file uploaded over the API and never cited). It is the only thing that deletes a file.
 *
 * Why a sweep and not the refused write taking its files back: a refused report cannot know
 * whether another report, at the same moment, found the same bytes stored and cited them — its
 * "I stored these" is stale the moment it is said. Only the log says which files are cited, and
 * a file may be about to be cited by a report that checked it a moment ago; so a file goes only
 * when (1) it has been untouched for the whole grace (stored, stored again or checked by a report
 * — see AttachmentStore.touch), (2) no event in the log cites it, read after (1), and (3) it is
 * still untouched at the moment it is deleted (`removeIfUntouchedSince`, one step against a
 * touch). A report that checks a file after (3) finds none and is refused. The one case left is a
 * report whose check and append are more than the grace apart; the default grace is a day.
 */
import type { EventStore } from '@duban/eventstore'
import type { AttachmentStore } from './attachment-store'
import { citedHashes } from './citations'

/** A file stored a day ago and cited by no event is taken as never to be cited. */
export const SWEEP_GRACE_MS = 24 * 60 * 60 * 1000

export interface SweepResult {
  /** Files untouched for the grace. */
  readonly untouched: number
  /** Of those, the ones deleted: cited by no event and untouched still. */
  readonly removed: string[]
}

export async function sweepAttachments(
  attachments: AttachmentStore,
  log: EventStore,
  options: { now: Date; graceMs?: number },
): Promise<SweepResult> {
  const cutoff = new Date(options.now.getTime() - (options.graceMs ?? SWEEP_GRACE_MS))
  const untouched: string[] = []
  for await (const entry of attachments.list()) if (entry.touchedAt < cutoff) untouched.push(entry.sha256)
  if (untouched.length === 0) return { untouched: 0, removed: [] }
  // Read after the files were listed: a citation recorded before that is seen.
  const cited = await citedHashes(log)
  const removed: string[] = []
  for (const sha256 of untouched) {
    if (!cited.has(sha256) && (await attachments.removeIfUntouchedSince(sha256, cutoff))) removed.push(sha256)
  }
  return { untouched: untouched.length, removed }
}

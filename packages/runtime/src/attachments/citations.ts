/**
 * Which evidence files the log cites: a progress report (`ProgressReportSubmitted`) is the one
 * event that carries files (its `attachments`, by sha256; its `evidence` are free-text
 * references, not stored files). Read from the log itself, a page at a time: the sweep and
 * `duban migrate` must see every recorded citation, not what a read model has caught up to.
 */
import type { Attachment } from '@duban/domain'
import type { EventStore } from '@duban/eventstore'

export interface Citation {
  readonly sha256: string
  /** The file's name as the report gives it. */
  readonly name: string
  readonly reportId: string
  readonly streamId: string
}

const PAGE = 2_000

export async function* citationsIn(store: EventStore): AsyncGenerator<Citation> {
  for (let after = 0; ; ) {
    const page = await store.readAllStored({ after, limit: PAGE })
    if (page.length === 0) return
    for (const event of page) {
      if (event.type !== 'ProgressReportSubmitted') continue
      const data = JSON.parse(event.dataJson) as { reportId: string; attachments?: Attachment[] }
      for (const file of data.attachments ?? [])
        yield { sha256: file.sha256, name: file.name, reportId: data.reportId, streamId: event.streamId }
    }
    after = page.at(-1)!.position
  }
}

/** Every hash the log cites. */
export async function citedHashes(store: EventStore): Promise<Set<string>> {
  const cited = new Set<string>()
  for await (const citation of citationsIn(store)) cited.add(citation.sha256)
  return cited
}

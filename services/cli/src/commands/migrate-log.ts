/**
 * Copies a whole event log from one store to another, verbatim: event ids, streams and their
 * versions, log order, data and metadata text, and so every hash of the chain. Resumable: a
 * target holding a prefix of the source continues after it.
 */
import type { EventStore, NewEvent, StoredEvent } from '@duban/eventstore'
import { verifyLog } from '@duban/eventstore'

export interface MigrateOptions {
  /** Source events read per batch; default 2000. */
  batchSize?: number
  /**
   * Issue a batch's appends together so the target's group commit writes them in one
   * transaction, in call order. Off for stores that do not keep call order across streams.
   */
  pipelined?: boolean
  onProgress?: (progress: { phase: 'copy' | 'verify'; position: number; events: number }) => void
  /** Stops after the batch in hand; the target is left a resumable prefix. */
  signal?: AbortSignal
}

export type MigrateResult =
  | {
      ok: true
      /** Events the target already held, from an interrupted run. */
      resumedAfter: number
      copied: number
      events: number
      streams: number
      headHash: string
    }
  | { ok: false; problem: string }

/** An error that means the target is not a prefix of the source, or the copy went wrong. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
  constructor(
    message: string,
    /** 2: the target holds another log (bad input, nothing written); 1: the copy itself failed. */
    readonly exitCode: 1 | 2,
  ) {
    super(message)
  }
}

export async function migrateLog(
  source: EventStore,
  target: EventStore,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const batchSize = options.batchSize ?? 2000
  const { after, resumedAfter } = await resumePoint(source, target)
  let position = after
  let copied = 0
  // A command's events may straddle two source batches: the last group waits for the next batch.
  let carried: StoredEvent[] = []

  // The next batch is read and prepared while the target writes the one before it.
  let writing: Promise<void> = Promise.resolve()
  for (;;) {
    if (options.signal?.aborted) {
      await writing
      return { ok: false, problem: 'interrupted; run again to resume' }
    }
    const batch = await source.readAllStored({ after: position, limit: batchSize })
    const groups = groupByAppend([...carried, ...batch])
    carried = batch.length > 0 ? (groups.pop() ?? []) : []
    await writing
    const batchEnd = batch.at(-1)?.position ?? position
    writing = copyGroups(target, groups, options.pipelined ?? true).then(() => {
      copied += groups.reduce((sum, group) => sum + group.length, 0)
      options.onProgress?.({ phase: 'copy', position: batchEnd, events: resumedAfter + copied })
    })
    // Awaited on the next turn; until then a failure must not count as unhandled.
    writing.catch(() => undefined)
    if (batch.length === 0) break
    position = batchEnd
  }
  await writing

  const sourceHead = await lastEvent(source)
  const verified = await verifyLog(target, {
    onProgress: ({ position, events }) => options.onProgress?.({ phase: 'verify', position, events }),
  })
  if (!verified.ok) {
    return { ok: false, problem: `the target fails verify at event ${verified.eventId}: ${verified.problem}` }
  }
  if (verified.headHash !== (sourceHead?.hash ?? verified.headHash)) {
    return { ok: false, problem: 'the target head hash differs from the source head hash' }
  }
  return {
    ok: true,
    resumedAfter,
    copied,
    events: verified.events,
    streams: verified.streams,
    headHash: verified.headHash,
  }
}

/**
 * Where to start: after the source event the target's last event is. Equal hashes there mean
 * equal logs up to there, since each hash covers the one before it.
 */
async function resumePoint(
  source: EventStore,
  target: EventStore,
): Promise<{ after: number; resumedAfter: number }> {
  const last = await lastEvent(target)
  if (!last) return { after: 0, resumedAfter: 0 }
  const [inSource] = await source.readStream(last.streamId, {
    afterVersion: last.streamVersion - 1,
    toVersion: last.streamVersion,
  })
  if (!inSource || inSource.hash !== last.hash) {
    throw new MigrationError(
      `the target already holds events that are not a prefix of the source (its last event ${last.eventId} ` +
        `is not the source's); migrate into an empty store`,
      2,
    )
  }
  const before = await countUpTo(source, inSource.position)
  return { after: inSource.position, resumedAfter: before }
}

async function lastEvent(store: EventStore): Promise<StoredEvent | undefined> {
  const head = await store.headPosition()
  if (head === 0) return undefined
  const [event] = await store.readAllStored({ after: head - 1, limit: 1 })
  return event
}

/** Events at or before a position; positions need not be dense, so they are counted. */
async function countUpTo(store: EventStore, position: number): Promise<number> {
  let count = 0
  for (let after = 0; ; ) {
    const batch = await store.readAllStored({ after, limit: 5000 })
    for (const event of batch) {
      if (event.position > position) return count
      count += 1
    }
    if (batch.length === 0) return count
    after = batch.at(-1)!.position
  }
}

/** Consecutive events of one stream and one command: what one append wrote. */
function groupByAppend(events: StoredEvent[]): StoredEvent[][] {
  const groups: StoredEvent[][] = []
  let group: StoredEvent[] = []
  let commandId: string | undefined
  for (const event of events) {
    const eventCommand = (JSON.parse(event.metadataJson) as { commandId: string }).commandId
    const previous = group.at(-1)
    if (previous?.streamId !== event.streamId || commandId !== eventCommand) {
      if (group.length > 0) groups.push(group)
      group = []
      commandId = eventCommand
    }
    group.push(event)
  }
  if (group.length > 0) groups.push(group)
  return groups
}

async function copyGroups(target: EventStore, groups: StoredEvent[][], pipelined: boolean): Promise<void> {
  if (pipelined) {
    await Promise.all(groups.map((group) => copyGroup(target, group)))
    return
  }
  for (const group of groups) await copyGroup(target, group)
}

async function copyGroup(target: EventStore, group: StoredEvent[]): Promise<void> {
  const first = group[0]!
  const events: NewEvent[] = group.map((event) => ({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: JSON.parse(event.dataJson),
    metadata: JSON.parse(event.metadataJson),
  }))
  const expectedVersion = first.streamVersion === 1 ? 'no_stream' : first.streamVersion - 1
  const result = await target.append(first.streamId, events, { expectedVersion })
  if (result.duplicate) {
    throw new MigrationError(`event ${first.eventId}: its command id was already in the target`, 1)
  }
  result.events.forEach((written, index) => {
    const original = group[index]!
    if (written.hash !== original.hash) {
      throw new MigrationError(
        `event ${original.eventId} (stream ${original.streamId} v${original.streamVersion}) ` +
          'hashes differently in the target: its stored JSON did not survive the copy',
        1,
      )
    }
  })
}

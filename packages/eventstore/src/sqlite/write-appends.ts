import type { PreparedAppend } from '../append-validation'
import type { AppendResult, EventMetadata, ExpectedVersion, RecordedEvent } from '../contract'
import { InvalidAppendError, WrongExpectedVersionError } from '../errors'
import { chainHash, GENESIS_HASH } from '../hash-chain'
import { type CommandRow, EVENTS_PER_INSERT, type Statements, toRecordedEvent } from './statements'

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error }

/**
 * Writes a batch of appends inside the caller's write transaction. Each append is checked on its
 * own against the stream versions and command ids as the earlier appends of the batch left them,
 * so a failed check rejects that append alone. Throws only on a database error.
 */
export function writeAppends(statements: Statements, appends: readonly PreparedAppend[]): AppendOutcome[] {
  // Read inside the transaction, not cached: another process may have appended since our last batch.
  const head = statements.head.get()
  let position = head?.position ?? 0
  let prevHash = head?.hash ?? GENESIS_HASH
  const versions = new Map<string, number>()
  const commands = new Map<string, AppendResult>()
  // Explicit ids are rare (a log copied from elsewhere): while there are none, derived ids need no look-up.
  let explicitIds = statements.anyExplicitId.get()?.found === 1

  return appends.map((append): AppendOutcome => {
    const first = commands.get(append.commandId) ?? storedCommand(statements, append.commandId)
    if (first) return duplicateOf(append, first)

    const current =
      versions.get(append.streamId) ?? statements.streamVersion.get(append.streamId)?.version ?? 0
    if (!versionMatches(append.expectedVersion, current)) {
      return {
        ok: false,
        error: new WrongExpectedVersionError(append.streamId, append.expectedVersion, current),
      }
    }

    if (explicitIds || append.events.some((event) => event.explicitId)) {
      const taken = append.events.find((event) => statements.explicitId.get(event.eventId))
      if (taken) {
        return {
          ok: false,
          error: new InvalidAppendError(`event id ${taken.eventId} of this append is already in the log`),
        }
      }
    }

    const firstPosition = position + 1
    let version = current
    let metadata: { json: string; value: EventMetadata } | undefined
    // The events' columns, flushed to the table in multi-row inserts of EVENTS_PER_INSERT rows.
    const columns: unknown[] = []
    const events = append.events.map((event): RecordedEvent => {
      position += 1
      version += 1
      const hash = chainHash(prevHash, {
        eventId: event.eventId,
        streamId: append.streamId,
        streamVersion: version,
        type: event.type,
        schemaVersion: event.schemaVersion,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
      })
      columns.push(
        position,
        event.eventId,
        append.streamId,
        version,
        event.type,
        event.schemaVersion,
        event.dataJson,
        event.metadataJson,
        prevHash,
        hash,
      )
      if (columns.length === EVENTS_PER_INSERT * 10) insertEvents(statements, columns)
      // Events of one command mostly share their metadata: decode it once.
      if (metadata?.json !== event.metadataJson) {
        metadata = { json: event.metadataJson, value: JSON.parse(event.metadataJson) as EventMetadata }
      }
      const recorded: RecordedEvent = {
        eventId: event.eventId,
        streamId: append.streamId,
        streamVersion: version,
        position,
        type: event.type,
        schemaVersion: event.schemaVersion,
        // Decoded from the stored text so the caller sees what a later read returns.
        data: JSON.parse(event.dataJson),
        metadata: metadata.value,
        prevHash,
        hash,
      }
      prevHash = hash
      return recorded
    })
    insertEvents(statements, columns)
    append.events.forEach((event, index) => {
      if (!event.explicitId) return
      statements.insertExplicitId.run(event.eventId, firstPosition + index)
      explicitIds = true
    })
    statements.insertCommand.run(append.commandId, append.streamId, firstPosition, events.length)
    versions.set(append.streamId, version)
    const result: AppendResult = { streamId: append.streamId, nextVersion: version, events, duplicate: false }
    commands.set(append.commandId, result)
    return { ok: true, result }
  })
}

/** Writes the rows gathered in `columns` (ten per event) and empties it. */
function insertEvents(statements: Statements, columns: unknown[]): void {
  if (columns.length === 0) return
  statements.insertEvents(columns.length / 10).run(columns)
  columns.length = 0
}

function versionMatches(expected: ExpectedVersion, current: number): boolean {
  if (expected === 'any') return true
  if (expected === 'no_stream') return current === 0
  return expected === current
}

function storedCommand(statements: Statements, commandId: string): AppendResult | undefined {
  const command = statements.command.get(commandId)
  return command && resultOf(statements, command)
}

/** The first append of a command, rebuilt from its consecutive positions. */
function resultOf(statements: Statements, command: CommandRow): AppendResult {
  const lastPosition = command.first_position + command.event_count - 1
  const events = statements.eventsInRange.all(command.first_position, lastPosition).map(toRecordedEvent)
  const nextVersion = events.at(-1)?.streamVersion ?? 0
  return { streamId: command.stream_id, nextVersion, events, duplicate: false }
}

function duplicateOf(append: PreparedAppend, first: AppendResult): AppendOutcome {
  if (first.streamId !== append.streamId) {
    const error = new InvalidAppendError(
      `command ${append.commandId} was already appended to stream ${first.streamId}, not ${append.streamId}`,
    )
    return { ok: false, error }
  }
  return { ok: true, result: { ...first, duplicate: true } }
}

import type { AppendOptions, ExpectedVersion, NewEvent } from './contract'
import { EventMetadata } from './contract'
import { InvalidAppendError } from './errors'
import { eventIdFor } from './event-id'

/** An event checked and serialised once, before it reaches a store's write path. */
export interface PreparedEvent {
  eventId: string
  /**
   * True when the caller gave an id other than the one derived from the command
   * (`eventIdFor(commandId, index)`): a derived id is unique because its command id is, an
   * explicit one needs its own check.
   */
  explicitId: boolean
  type: string
  schemaVersion: number
  /** The exact text stored and hashed. */
  dataJson: string
  metadataJson: string
}

/** One append, checked and serialised: what an adapter's write path works from. */
export interface PreparedAppend {
  streamId: string
  /** The first event's command id: the idempotency key. */
  commandId: string
  expectedVersion: ExpectedVersion
  events: PreparedEvent[]
}

const MAX_STREAM_ID_LENGTH = 256
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/**
 * Checks an append against the contract and serialises its events.
 * @throws InvalidAppendError naming what is wrong.
 */
export function prepareAppend(streamId: string, events: NewEvent[], options: AppendOptions): PreparedAppend {
  checkStreamId(streamId)
  checkExpectedVersion(streamId, options?.expectedVersion)
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`append to ${streamId} has no events`)
  }
  const first = events[0]!
  checkMetadata(streamId, 0, first.metadata)
  const commandId = first.metadata.commandId
  const firstMetadataJson = JSON.stringify(first.metadata)
  const prepared = events.map((event, index) => {
    // Events of one command usually share one metadata object: validate and serialise it once.
    if (event.metadata === first.metadata)
      return prepareEvent(streamId, commandId, event, index, firstMetadataJson)
    checkMetadata(streamId, index, event.metadata)
    return prepareEvent(streamId, commandId, event, index, JSON.stringify(event.metadata))
  })
  if (events.some((event) => event.eventId !== undefined)) checkDistinctEventIds(streamId, prepared)
  return { streamId, commandId, expectedVersion: options.expectedVersion, events: prepared }
}

function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidAppendError(`stream id must be a string of 1 to ${MAX_STREAM_ID_LENGTH} characters`)
  }
  if (CONTROL_CHARACTERS.test(streamId) || streamId.trim() !== streamId) {
    throw new InvalidAppendError(
      `stream id ${JSON.stringify(streamId)} has control characters or surrounding spaces`,
    )
  }
}

function checkExpectedVersion(streamId: string, expected: unknown): void {
  if (expected === 'no_stream' || expected === 'any') return
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 1) return
  throw new InvalidAppendError(
    `append to ${streamId}: expectedVersion must be 'no_stream', 'any' or an integer ≥ 1, got ${String(expected)}`,
  )
}

function checkMetadata(streamId: string, index: number, metadata: unknown): void {
  const result = EventMetadata.safeParse(metadata)
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    )
    throw new InvalidAppendError(
      `append to ${streamId}: event ${index} has bad metadata: ${problems.join('; ')}`,
    )
  }
}

function prepareEvent(
  streamId: string,
  commandId: string,
  event: NewEvent,
  index: number,
  metadataJson: string,
): PreparedEvent {
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new InvalidAppendError(`append to ${streamId}: event ${index} has no type`)
  }
  if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
    throw new InvalidAppendError(`append to ${streamId}: event ${index} needs a schemaVersion ≥ 1`)
  }
  // An explicit id costs one more hash, to tell it from the derived one a copied log carries.
  const explicitId = event.eventId !== undefined && event.eventId !== eventIdFor(commandId, index)
  return {
    eventId: event.eventId ?? eventIdFor(commandId, index),
    explicitId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    dataJson: serialise(streamId, index, event.data),
    metadataJson,
  }
}

function serialise(streamId: string, index: number, data: unknown): string {
  let json: string | undefined
  try {
    json = JSON.stringify(data)
  } catch (error) {
    throw new InvalidAppendError(
      `append to ${streamId}: event ${index} data is not serialisable: ${(error as Error).message}`,
    )
  }
  if (json === undefined) throw new InvalidAppendError(`append to ${streamId}: event ${index} has no data`)
  return json
}

function checkDistinctEventIds(streamId: string, events: PreparedEvent[]): void {
  const ids = new Set(events.map((event) => event.eventId))
  if (ids.size !== events.length) throw new InvalidAppendError(`append to ${streamId} repeats an event id`)
}

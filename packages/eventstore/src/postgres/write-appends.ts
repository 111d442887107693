import type pg from 'pg'
import type { PreparedAppend } from '../append-validation'
import type { AppendResult, EventMetadata, ExpectedVersion, RecordedEvent } from '../contract'
import { InvalidAppendError, WrongExpectedVersionError } from '../errors'
import { chainHash, GENESIS_HASH } from '../hash-chain'
import { type EventRow, READ_STREAM, toRecordedEvent } from './rows'

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error }

interface CommandRow {
  command_id: string
  stream_id: string
  first_version: number
  event_count: number
}

/** What pass one decided for an append, before positions are drawn. */
type Plan =
  | { kind: 'write'; append: PreparedAppend; fromVersion: number }
  | { kind: 'duplicate'; append: PreparedAppend; of: CommandRow | PreparedAppend }
  | { kind: 'failed'; error: Error }

/**
 * Writes a batch of appends inside the caller's transaction, which already holds the append
 * lock. Each append is checked on its own against the stream versions and command ids as the
 * earlier appends of the batch left them, so a failed check rejects that append alone.
 * Seven round trips whatever the batch size; throws only on a database error.
 */
export async function writeAppends(
  client: pg.ClientBase,
  appends: readonly PreparedAppend[],
): Promise<{ outcomes: AppendOutcome[]; written: number; lastPosition: number }> {
  const streamIds = [...new Set(appends.map((append) => append.streamId))]
  const commandIds = [...new Set(appends.map((append) => append.commandId))]
  // Read under the lock, not cached: another process may have appended since our last batch.
  const head = await client.query<{ hash: string }>('SELECT hash FROM events ORDER BY position DESC LIMIT 1')
  const versionRows = await client.query<{ stream_id: string; version: number }>(
    'SELECT stream_id, max(stream_version) AS version FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
    [streamIds],
  )
  const commandRows = await client.query<CommandRow>(
    'SELECT command_id, stream_id, first_version, event_count FROM event_commands WHERE command_id = ANY($1::text[])',
    [commandIds],
  )
  const versions = new Map(versionRows.rows.map((row) => [row.stream_id, row.version]))
  const commands = new Map<string, CommandRow | PreparedAppend>(
    commandRows.rows.map((row) => [row.command_id, row]),
  )

  let eventCount = 0
  const plans = appends.map((append): Plan => {
    const first = commands.get(append.commandId)
    if (first) return { kind: 'duplicate', append, of: first }
    const current = versions.get(append.streamId) ?? 0
    if (!versionMatches(append.expectedVersion, current)) {
      const error = new WrongExpectedVersionError(append.streamId, append.expectedVersion, current)
      return { kind: 'failed', error }
    }
    versions.set(append.streamId, current + append.events.length)
    commands.set(append.commandId, append)
    eventCount += append.events.length
    return { kind: 'write', append, fromVersion: current }
  })

  const positions = eventCount === 0 ? [] : await drawPositions(client, eventCount)
  const columns = new EventColumns()
  const written = new Map<PreparedAppend, AppendResult>()
  let prevHash = head.rows[0]?.hash ?? GENESIS_HASH
  for (const plan of plans) {
    if (plan.kind !== 'write') continue
    const { append } = plan
    let version = plan.fromVersion
    let metadata: { json: string; value: EventMetadata } | undefined
    const events = append.events.map((event): RecordedEvent => {
      version += 1
      const position = positions[columns.length]!
      const fields = { ...event, streamId: append.streamId, streamVersion: version }
      const hash = chainHash(prevHash, fields)
      columns.push(position, fields, prevHash, hash)
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
    written.set(append, { streamId: append.streamId, nextVersion: version, events, duplicate: false })
  }

  if (eventCount > 0) {
    await client.query(
      `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::integer[],
                            $7::text[], $8::text[], $9::text[], $10::text[])`,
      columns.parameters(),
    )
    const writes = [...written.values()]
    await client.query(
      `INSERT INTO event_commands (command_id, stream_id, first_version, event_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[])`,
      [
        writes.map((result) => result.events[0]!.metadata.commandId),
        writes.map((result) => result.streamId),
        writes.map((result) => result.events[0]!.streamVersion),
        writes.map((result) => result.events.length),
      ],
    )
  }

  const outcomes: AppendOutcome[] = []
  for (const plan of plans) {
    if (plan.kind === 'failed') outcomes.push({ ok: false, error: plan.error })
    else if (plan.kind === 'write') outcomes.push({ ok: true, result: written.get(plan.append)! })
    else {
      const first = 'command_id' in plan.of ? await storedResult(client, plan.of) : written.get(plan.of)!
      outcomes.push(duplicateOf(plan.append, first))
    }
  }
  return { outcomes, written: eventCount, lastPosition: positions.at(-1) ?? 0 }
}

/**
 * Draws `count` consecutive positions in one step. Under the append lock no other append draws,
 * so they follow every committed position. A writer that bypassed the lock and drew in between
 * would collide on the primary key and fail: it cannot slip into the range.
 */
async function drawPositions(client: pg.ClientBase, count: number): Promise<number[]> {
  const { rows } = await client.query<{ last: string }>(
    "SELECT setval('event_positions', nextval('event_positions') + $1 - 1) AS last",
    [count],
  )
  const first = Number(rows[0]!.last) - count + 1
  return Array.from({ length: count }, (_, i) => first + i)
}

/** The events table's columns as parallel arrays, for one `unnest` insert. */
class EventColumns {
  private readonly columns: unknown[][] = Array.from({ length: 10 }, () => [])
  length = 0

  push(
    position: number,
    event: {
      eventId: string
      streamId: string
      streamVersion: number
      type: string
      schemaVersion: number
      dataJson: string
      metadataJson: string
    },
    prevHash: string,
    hash: string,
  ): void {
    const values = [
      position,
      event.eventId,
      event.streamId,
      event.streamVersion,
      event.type,
      event.schemaVersion,
      event.dataJson,
      event.metadataJson,
      prevHash,
      hash,
    ]
    for (const [index, value] of values.entries()) this.columns[index]!.push(value)
    this.length += 1
  }

  parameters(): unknown[][] {
    return this.columns
  }
}

function versionMatches(expected: ExpectedVersion, current: number): boolean {
  if (expected === 'any') return true
  if (expected === 'no_stream') return current === 0
  return expected === current
}

/** The first append of a command, read back from its stream. */
async function storedResult(client: pg.ClientBase, command: CommandRow): Promise<AppendResult> {
  const lastVersion = command.first_version + command.event_count - 1
  const { rows } = await client.query<EventRow>(READ_STREAM, [
    command.stream_id,
    command.first_version - 1,
    lastVersion,
  ])
  const events = rows.map(toRecordedEvent)
  return { streamId: command.stream_id, nextVersion: lastVersion, events, duplicate: false }
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

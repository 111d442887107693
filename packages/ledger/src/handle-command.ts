/**
 * The one path every command takes, whoever sends it (HTTP, CLI, scheduler, simulation):
 * load the stream → fold it into state → decide → append with the version that was read.
 * A concurrent writer makes the append fail with WrongExpectedVersionError. A command sent
 * without an expected version asked for no particular version, so it is decided again on the
 * fresh state (up to CONFLICT_RETRIES times; commands of this process on one stream queue in
 * its lane, so only writers in other processes race) instead of failing with a version it never saw; one
 * sent with an expected version (HTTP If-Match) gets the error, which the API answers as 409.
 */
import { randomUUID } from 'node:crypto'
import type { Actor, CommandContext, Decider } from '@duban/domain'
import type { EventStore, NewEvent, RecordedEvent } from '@duban/eventstore'
import { WrongExpectedVersionError } from '@duban/eventstore'
import type { Clock } from './clock'
import type { DomainEvent, EventCodec } from './event-codec'
import { loadState } from './load-state'
import type { StateCache } from './state-cache'
import { lanesOf } from './stream-lanes'

export interface CommandEnvelope<Command, Context extends CommandContext = CommandContext> {
  streamId: string
  command: Command
  actor: Actor
  /** Idempotency key: a command retried with the same id appends nothing new. */
  commandId?: string
  /** The stream version the sender last saw (HTTP If-Match); omitted: whatever was read. */
  expectedVersion?: number
  correlationId?: string
  causationId?: string
  /** The business date the events speak of, where it is not the day they are recorded. */
  businessDate?: string
  /** What the decider needs beyond actor and time: a calendar, the state of a parent aggregate. */
  context?: Omit<Context, 'now' | 'actor'>
}

export interface CommandResult {
  streamId: string
  /** The stream's version after the command: the new ETag. */
  nextVersion: number
  events: RecordedEvent[]
  /** The command id had been handled before; `events` are the ones it wrote then. */
  duplicate: boolean
}

export interface LedgerDeps {
  store: EventStore
  clock: Clock
  codec: EventCodec
  /** Folded states of recently used streams; without one, every command reads its whole stream. */
  states?: StateCache
}

/** How often a command without an expected version is decided again after losing a race. */
export const CONFLICT_RETRIES = 20

export async function handleCommand<
  State,
  Command,
  Event extends DomainEvent,
  Context extends CommandContext,
>(
  deps: LedgerDeps,
  decider: Decider<State, Command, Event, Context>,
  envelope: CommandEnvelope<Command, Context>,
): Promise<CommandResult> {
  // One command id for every attempt: a failed append wrote nothing, and the store dedupes on it.
  const commandId = envelope.commandId ?? randomUUID()
  for (let attempt = 1; ; attempt++) {
    try {
      return await lanesOf(deps.store).run(envelope.streamId, () =>
        attemptCommand(deps, decider, envelope, commandId),
      )
    } catch (error) {
      const retry =
        error instanceof WrongExpectedVersionError &&
        envelope.expectedVersion === undefined &&
        attempt <= CONFLICT_RETRIES
      if (!retry) throw error
    }
  }
}

async function attemptCommand<State, Command, Event extends DomainEvent, Context extends CommandContext>(
  deps: LedgerDeps,
  decider: Decider<State, Command, Event, Context>,
  envelope: CommandEnvelope<Command, Context>,
  commandId: string,
): Promise<CommandResult> {
  const { store, clock, codec } = deps
  const { state, version: currentVersion } = await loadState(deps, decider, envelope.streamId)

  if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== currentVersion) {
    // A retry of a command that did land sees the stream moved on by its own events.
    const earlier = envelope.commandId ? await firstRun(store, envelope.streamId, commandId) : null
    if (earlier) return earlier
    throw new WrongExpectedVersionError(envelope.streamId, envelope.expectedVersion, currentVersion)
  }

  const now = clock.now()
  const context = { ...envelope.context, now, actor: envelope.actor } as Context
  let decided: Event[]
  try {
    decided = decider.decide(envelope.command, state, context)
  } catch (error) {
    // A retried command usually conflicts with the state its first run produced ("report r1 is
    // already submitted"): answer with that first run instead of the conflict.
    const earlier = envelope.commandId ? await firstRun(store, envelope.streamId, commandId) : null
    if (earlier) return earlier
    throw error
  }
  if (decided.length === 0) {
    return { streamId: envelope.streamId, nextVersion: currentVersion, events: [], duplicate: false }
  }

  const metadata = {
    actor: envelope.actor.userId,
    unit: envelope.actor.unitId,
    commandId,
    correlationId: envelope.correlationId ?? commandId,
    causationId: envelope.causationId ?? commandId,
    recordedAt: now.toISOString(),
    ...(envelope.businessDate ? { businessDate: envelope.businessDate } : {}),
  }
  const encoded = decided.map((event) => codec.encode(event, metadata))
  const newEvents: NewEvent[] = encoded.map(({ readBack: _readBack, ...event }) => event)
  // The store dedupes on the command id too, so two concurrent retries still write once.
  const result = await store.append(envelope.streamId, newEvents, {
    expectedVersion: currentVersion === 0 ? 'no_stream' : currentVersion,
  })
  if (deps.states && !result.duplicate) {
    // The stream is now the state that was read plus these events, as a reader decodes them: the
    // next command here folds nothing it wrote itself (no read-back, JSON parse nor decode).
    const next = encoded.reduce((folded, { readBack }) => decider.evolve(folded, readBack as Event), state)
    deps.states.set(decider, envelope.streamId, { state: next, version: result.nextVersion })
  }
  return {
    streamId: result.streamId,
    nextVersion: result.nextVersion,
    events: result.events,
    duplicate: result.duplicate,
  }
}

/** The events a command wrote to the stream the first time it ran, if it ran. */
async function firstRun(
  store: EventStore,
  streamId: string,
  commandId: string,
): Promise<CommandResult | null> {
  const earlier = (await store.readStream(streamId)).filter((event) => event.metadata.commandId === commandId)
  if (earlier.length === 0) return null
  return { streamId, nextVersion: earlier.at(-1)!.streamVersion, events: earlier, duplicate: true }
}

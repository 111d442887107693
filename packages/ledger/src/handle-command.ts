/**
 * The one path every command takes, whoever sends it (HTTP, CLI, scheduler, simulation):
 * load the stream → fold it into state → decide → append with the version that was read.
 * A concurrent writer makes the append fail with WrongExpectedVersionError; the caller decides
 * whether to retry (the scheduler does) or to report a conflict (the API does, as 409).
 */
import { randomUUID } from 'node:crypto'
import type { Actor, CommandContext, Decider } from '@duban/domain'
import type { EventStore, NewEvent, RecordedEvent } from '@duban/eventstore'
import { WrongExpectedVersionError } from '@duban/eventstore'
import type { Clock } from './clock'
import type { DomainEvent, EventCodec } from './event-codec'

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
}

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
  const { store, clock, codec } = deps
  const commandId = envelope.commandId ?? randomUUID()
  const history = await store.readStream(envelope.streamId)
  const currentVersion = history.length

  const earlier = history.filter((event) => event.metadata.commandId === commandId)
  if (earlier.length > 0) {
    return {
      streamId: envelope.streamId,
      nextVersion: earlier.at(-1)!.streamVersion,
      events: earlier,
      duplicate: true,
    }
  }
  if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== currentVersion) {
    throw new WrongExpectedVersionError(envelope.streamId, envelope.expectedVersion, currentVersion)
  }

  let state = decider.initialState()
  for (const recorded of history) state = decider.evolve(state, codec.decode(recorded) as Event)

  const now = clock.now()
  const context = { ...envelope.context, now, actor: envelope.actor } as Context
  const decided = decider.decide(envelope.command, state, context)
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
  const newEvents: NewEvent[] = decided.map((event) => codec.encode(event, metadata))
  const result = await store.append(envelope.streamId, newEvents, {
    expectedVersion: currentVersion === 0 ? 'no_stream' : currentVersion,
  })
  return {
    streamId: result.streamId,
    nextVersion: result.nextVersion,
    events: result.events,
    duplicate: result.duplicate,
  }
}

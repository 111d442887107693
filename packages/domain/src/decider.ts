/**
 * The shape of every aggregate in Duban, after Emmett's decider pattern:
 * `decide` turns a command and the current state into new events (or throws a DomainError),
 * `evolve` folds one event into the state, `initialState` is the state of an empty stream.
 * Deciders are pure: no I/O, no clock but the one in the context.
 *
 * `Context` lets an aggregate ask for more than who and when: a task decider is handed its plan's
 * state, an assignment decider its task's state. The handler reads those streams first; the
 * decider stays pure.
 */
export interface Decider<State, Command, Event, Context extends CommandContext = CommandContext> {
  decide(command: Command, state: State, context: Context): Event[]
  evolve(state: State, event: Event): State
  initialState(): State
}

/** Who is acting and when, handed to `decide`. */
export interface CommandContext {
  /** The current instant, from the injected clock. */
  now: Date
  actor: Actor
  /**
   * The working-day calendar (工作日, with 调休), injected so the domain imports no calendar.
   * When given, every due date a person or the scheduler sets must fall on a working day; the
   * handler leaves it out only where the policy allows due dates on any day.
   */
  isWorkingDay?: (date: string) => boolean
}

/**
 * What an actor may do beyond acting for its own unit:
 * - `supervision_office` (督查办): registers plans and tasks, assigns, reviews reports, issues
 *   notices, grants extensions, verifies closings, reopens;
 * - `scheduler`: the system actor that turns the passing of time into events; it may only open
 *   obligations, send reminders, issue notices and escalate.
 */
export type ActorRole = 'supervision_office' | 'scheduler'

export interface Actor {
  /** User id, or a system actor such as `system:scheduler`. */
  userId: string
  /** The unit the user acts for; null for system actors and the supervision office's own staff where not bound to one unit. */
  unitId: string | null
  /** Roles beyond acting for `unitId`; none when absent. */
  roles?: readonly ActorRole[]
}

/** Folds a whole stream into state. */
export function foldEvents<State, Event>(
  decider: Pick<Decider<State, unknown, Event>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState()
  for (const event of events) state = decider.evolve(state, event)
  return state
}

/**
 * The whole of command handling, still pure: fold the stream's past events, decide.
 * The caller reads the stream, appends the result with the stream version it read as the
 * expected version, and retries on a version conflict.
 */
export function handleCommand<State, Command, Event, Context extends CommandContext>(
  decider: Decider<State, Command, Event, Context>,
  pastEvents: Iterable<Event>,
  command: Command,
  context: Context,
): Event[] {
  return decider.decide(command, foldEvents(decider, pastEvents), context)
}

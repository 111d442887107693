/**
 * The shape of every aggregate in Duban, after Emmett's decider pattern:
 * `decide` turns a command and the current state into new events (or throws a DomainError),
 * `evolve` folds one event into the state, `initialState` is the state of an empty stream.
 * Deciders are pure: no I/O, no clock but the one in the context.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State, context: CommandContext): Event[]
  evolve(state: State, event: Event): State
  initialState(): State
}

/** Who is acting and when, handed to `decide`. */
export interface CommandContext {
  /** The current instant, from the injected clock. */
  now: Date
  actor: Actor
}

export interface Actor {
  /** User id, or a system actor such as `system:scheduler`. */
  userId: string
  /** The unit the user acts for; null for system actors and the supervision office's own staff where not bound to one unit. */
  unitId: string | null
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

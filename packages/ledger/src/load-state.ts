import type { Decider } from '@duban/domain'
import type { DomainEvent } from './event-codec'
import type { LedgerDeps } from './handle-command'

export interface LoadedState<State> {
  state: State
  /** The stream's version: 0 when it does not exist. */
  version: number
}

/**
 * Folds a stream into its decider's state. Used to hand one aggregate's state to another's
 * decider as context (a task's state to its assignments), and by queries until read models
 * serve them.
 */
export async function loadState<State, Event extends DomainEvent>(
  { store, codec }: Pick<LedgerDeps, 'store' | 'codec'>,
  decider: Pick<Decider<State, never, Event, never>, 'evolve' | 'initialState'>,
  streamId: string,
): Promise<LoadedState<State>> {
  const events = await store.readStream(streamId)
  let state = decider.initialState()
  for (const recorded of events) state = decider.evolve(state, codec.decode(recorded) as Event)
  return { state, version: events.length }
}

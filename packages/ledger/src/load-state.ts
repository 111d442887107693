import type { Decider } from '@duban/domain'
import type { DomainEvent } from './event-codec'
import type { LedgerDeps } from './handle-command'

export interface LoadedState<State> {
  state: State
  /** The stream's version: 0 when it does not exist. */
  version: number
}

/**
 * Folds a stream into its decider's state — from the state cache and the events after it, when
 * the ledger has a cache. Used by every command, and to hand one aggregate's state to another's
 * decider as context (a task's state to its assignments).
 */
export async function loadState<State, Event extends DomainEvent>(
  { store, codec, states }: Pick<LedgerDeps, 'store' | 'codec' | 'states'>,
  decider: Pick<Decider<State, never, Event, never>, 'evolve' | 'initialState'>,
  streamId: string,
): Promise<LoadedState<State>> {
  const cached = states?.get(decider, streamId)
  let state = cached ? (cached.state as State) : decider.initialState()
  let version = cached?.version ?? 0
  const events = await store.readStream(streamId, { afterVersion: version })
  for (const recorded of events) {
    state = decider.evolve(state, codec.decode(recorded) as Event)
    version = recorded.streamVersion
  }
  if (events.length > 0) states?.set(decider, streamId, { state, version })
  return { state, version }
}

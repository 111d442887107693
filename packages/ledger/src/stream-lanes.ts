/**
 * One lane per stream: commands on the same stream in this process run one after another, so
 * they never race each other to the same version (which only one of them can win). Commands on
 * different streams still run side by side and share the store's group commits. Writers in other
 * processes can still race; handleCommand retries those conflicts.
 */
export class StreamLanes {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve()
    const result = previous.then(work, work)
    const tail = result.catch(() => undefined)
    this.tails.set(streamId, tail)
    // The map holds only streams with work in flight.
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId)
    })
    return result
  }
}

const lanesByStore = new WeakMap<object, StreamLanes>()

/** The lanes of one store: every ledger over the same store shares them. */
export function lanesOf(store: object): StreamLanes {
  let lanes = lanesByStore.get(store)
  if (!lanes) {
    lanes = new StreamLanes()
    lanesByStore.set(store, lanes)
  }
  return lanes
}

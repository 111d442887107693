/**
 * Folded states of recently used streams. Streams only grow and evolve is pure, so a state
 * cached at version v, folded with the events after v, is the state now: a command reads and
 * decodes only what is new since its stream was last used, instead of the whole stream.
 * Bounded: the least recently used entries go first. One cache per process; it is only ever an
 * optimisation — a miss reads the whole stream.
 */
export interface CachedState {
  state: unknown
  version: number
}

export class StateCache {
  private readonly entries = new Map<string, CachedState>()
  private readonly deciderKeys = new WeakMap<object, number>()
  private nextDeciderKey = 0

  constructor(private readonly maxEntries = 20_000) {}

  get(decider: object, streamId: string): CachedState | undefined {
    const key = this.key(decider, streamId)
    const entry = this.entries.get(key)
    if (entry) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key)
      this.entries.set(key, entry)
    }
    return entry
  }

  set(decider: object, streamId: string, entry: CachedState): void {
    const key = this.key(decider, streamId)
    this.entries.delete(key)
    this.entries.set(key, entry)
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  /** States are per decider: the same stream folds differently for different deciders. */
  private key(decider: object, streamId: string): string {
    let id = this.deciderKeys.get(decider)
    if (id === undefined) {
      id = this.nextDeciderKey++
      this.deciderKeys.set(decider, id)
    }
    return `${id}\u0000${streamId}`
  }
}

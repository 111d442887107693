/**
 * Time enters Duban only through a Clock, so the same code runs live, in tests, and in a
 * simulation that replays a three-year plan in seconds.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still at one instant (tests, and the demo's "today"). */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant)
  if (Number.isNaN(at.getTime())) throw new Error(`not an instant: ${String(instant)}`)
  return { now: () => new Date(at) }
}

/** A clock a simulation moves forward by hand. It never moves backwards. */
export class SimulatedClock implements Clock {
  private current: Date

  constructor(start: Date | string) {
    this.current = new Date(start)
  }

  now(): Date {
    return new Date(this.current)
  }

  advanceTo(instant: Date | string): void {
    const next = new Date(instant)
    if (next < this.current)
      throw new Error(
        `simulated time cannot go back from ${this.current.toISOString()} to ${next.toISOString()}`,
      )
    this.current = next
  }
}

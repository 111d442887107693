/**
 * Seeded randomness keyed by what is being decided ("report 2023-Q3 of unit X"), not by the order
 * of the calls: the same seed gives the same behaviour however the simulation interleaves work.
 */
import { createHash } from 'node:crypto'

export class KeyedRandom {
  constructor(private readonly seed: number) {}

  /** A number in [0, 1) for this decision. */
  float(key: string): number {
    const digest = createHash('sha1').update(`${this.seed}\u0000${key}`).digest()
    return digest.readUInt32BE(0) / 2 ** 32
  }

  /** An integer in [min, max]. */
  int(key: string, min: number, max: number): number {
    return min + Math.floor(this.float(key) * (max - min + 1))
  }

  chance(key: string, probability: number): boolean {
    return this.float(key) < probability
  }
}

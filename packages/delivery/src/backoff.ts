/**
 * Capped exponential backoff with jitter: attempt n waits base·2^(n−1), at most `maxMs`, times a
 * random factor in [0.5, 1) so robots throttled together do not come back together. The random
 * source is injected (tests and the benchmark fix it).
 */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
  /** After this many failed attempts a transient failure is dead-lettered too. */
  maxAttempts: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 12 }

export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential * (0.5 + random() / 2))
}

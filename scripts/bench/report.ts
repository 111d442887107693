/**
 * One benchmark's result, as printed by `pnpm bench`. Every throughput figure stands beside
 * the physical limit it is measured against (a raw insert rate, a bare server) from the same
 * run, so the ratio means something on a shared, noisy machine.
 */
export interface BenchRow {
  /** What was measured, e.g. "SQLite store: bulk append (100 events/commit)". */
  name: string
  /** Median over the rounds, in `unit`. */
  median: number
  unit: string
  /** Number of rounds the median is taken over. */
  rounds: number
  /** The limit this figure is compared with, measured in the same run. */
  limit?: { name: string; median: number }
  /** Optional goal, e.g. "≥ 50% of raw" or "< 50 ms". */
  goal?: string
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

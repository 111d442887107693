/** One RSS sample of a soak: seconds since it started, resident memory in MiB. */
export interface RssSample {
  elapsedSeconds: number
  rssMiB: number
}

/**
 * Unbounded growth: the last sample well above the first sample after warm-up, and the second
 * half of the run still rising (its least-squares slope positive). A heap that grows and then
 * levels off passes.
 */
export function rssGrowth(
  samples: readonly RssSample[],
  maxGrowth: number,
): {
  fromMiB: number
  toMiB: number
  unbounded: boolean
} {
  if (samples.length === 0) return { fromMiB: 0, toMiB: 0, unbounded: false }
  const warm = samples[Math.min(samples.length - 1, Math.floor(samples.length / 4))]!
  const last = samples.at(-1)!
  const secondHalf = samples.slice(Math.floor(samples.length / 2))
  const rising = slope(secondHalf.map((s) => [s.elapsedSeconds, s.rssMiB])) > 0
  return {
    fromMiB: warm.rssMiB,
    toMiB: last.rssMiB,
    unbounded: last.rssMiB > warm.rssMiB * (1 + maxGrowth) && rising,
  }
}

function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0)
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0)
  return covariance / variance
}

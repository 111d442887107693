/** Chinese magnitude words folded into base units: 1万亿元 → 1000000000000 元. */
const MAGNITUDE: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3, 百: 1e2 }

export const MAGNITUDE_PATTERN = '万亿|亿|万|千|百'

/** `digits` may be full-width or carry a decimal point ("1.5", "１０"). */
export function foldNumber(digits: string, magnitude?: string): number {
  const value = Number(digits.normalize('NFKC')) * (magnitude ? (MAGNITUDE[magnitude] ?? 1) : 1)
  // 0.3亿 must give 30000000, not 29999999.999999996.
  return Number(value.toPrecision(12))
}

/**
 * Today's business date from the injected clock. Asia/Shanghai has kept UTC+8 without daylight
 * saving since 1991, so a fixed offset is exact and the domain needs no time-zone library.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

export const businessDateOf = (instant: Date): string =>
  new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)

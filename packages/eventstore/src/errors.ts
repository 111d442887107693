import type { ExpectedVersion } from './contract'

/** The stream was not at the version the caller expected: someone else wrote first. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError'
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's current version (0 when it does not exist). */
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`)
  }
}

/** The caller broke the contract (an empty append, an event without a command id...). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError'
}

/**
 * The store could not write for a reason of the machine, not of the append: the disk is full, an
 * I/O error. Nothing of the append was written; the same append may succeed once it is fixed.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
  constructor(
    /** `disk-full` or `io-error`. */
    readonly reason: 'disk-full' | 'io-error',
    options: { cause: unknown },
  ) {
    super(
      reason === 'disk-full'
        ? 'the event log cannot grow: the disk is full'
        : 'the event log could not be written: an I/O error',
      options,
    )
  }
}

/** The log failed its integrity check: the store takes no appends until it is repaired. */
export class LogIntegrityError extends Error {
  override readonly name = 'LogIntegrityError'
}

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100'])

/** A disk-full or I/O error of SQLite, the file system or PostgreSQL, as a StoreUnavailableError. */
export function storeUnavailableFrom(error: unknown): StoreUnavailableError | undefined {
  if (error instanceof StoreUnavailableError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  if (DISK_FULL_CODES.has(code)) return new StoreUnavailableError('disk-full', { cause: error })
  // SQLite's SQLITE_IOERR_* family, errno EIO, PostgreSQL's class 58 (system error).
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO' || code === '58030') {
    return new StoreUnavailableError('io-error', { cause: error })
  }
  return undefined
}

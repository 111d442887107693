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

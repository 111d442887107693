/** A failure the user can act on: printed as one clear line, no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    /** 1: the command ran and found a problem; 2: bad usage or bad input. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message)
  }
}

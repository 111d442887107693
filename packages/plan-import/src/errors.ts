export type PlanImportErrorCode =
  | 'empty'
  | 'binary'
  | 'not_a_plan'
  | 'no_units'
  | 'too_large'
  | 'unsupported'
  | 'scanned_pdf'

/** Input that cannot be read as a plan. The CLI prints the message and exits non-zero. */
export class PlanImportError extends Error {
  override readonly name = 'PlanImportError'
  constructor(
    readonly code: PlanImportErrorCode,
    message: string,
  ) {
    super(message)
  }
}

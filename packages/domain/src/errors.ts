/**
 * Why a command was refused. The code decides the HTTP status at the edge:
 * not_found → 404, conflict → 409, forbidden → 403, invalid → 422.
 */
export type DomainErrorCode = 'not_found' | 'conflict' | 'forbidden' | 'invalid'

export class DomainError extends Error {
  override readonly name = 'DomainError'
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const notFound = (message: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', message, details)
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', message, details)
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', message, details)
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', message, details)

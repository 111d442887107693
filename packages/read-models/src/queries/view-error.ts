/** A question a view cannot answer as asked; the API turns `kind` into a problem+json status. */
export class ViewError extends Error {
  override readonly name = 'ViewError'
  constructor(
    /** bad-request 400 · not-found 404 · unprocessable 422 */
    readonly kind: 'bad-request' | 'not-found' | 'unprocessable',
    message: string,
  ) {
    super(message)
  }
}

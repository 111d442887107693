/** A directory file that does not validate; the message names the file, line and column at fault. */
export class UnitDirectoryError extends Error {
  override readonly name = 'UnitDirectoryError'
}

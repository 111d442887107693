import { UnitDirectory } from './directory'
import { parseUnitRows } from './tsv'

/** A directory from the text of a directory file (the format is in the package README). */
export function unitDirectoryFromTsv(text: string, source = 'unit directory'): UnitDirectory {
  return new UnitDirectory(parseUnitRows(text, source), source)
}

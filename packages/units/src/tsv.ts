import { UnitDirectoryError } from './errors'
import { UNIT_COLUMNS, UnitRow } from './schema'

/**
 * Parses the directory file: `#` lines are comments, the first other line is the header, every
 * row is validated so a supervision office extending the file gets the line and column at fault.
 */
export function parseUnitRows(text: string, source = 'unit directory'): UnitRow[] {
  const lines = text.split(/\r?\n/)
  const rows: UnitRow[] = []
  let header: string[] | undefined
  lines.forEach((line, index) => {
    const lineNo = index + 1
    if (line.trim() === '' || line.startsWith('#')) return
    const cells = line.split('\t')
    if (!header) {
      header = cells.map((cell) => cell.trim())
      const missing = UNIT_COLUMNS.filter((column) => !header?.includes(column))
      if (missing.length > 0)
        throw new UnitDirectoryError(`${source}:${lineNo}: header lacks ${missing.join(', ')}`)
      return
    }
    const record: Record<string, string> = {}
    header.forEach((column, i) => {
      record[column] = cells[i] ?? ''
    })
    const parsed = UnitRow.safeParse(record)
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`,
      )
      throw new UnitDirectoryError(`${source}:${lineNo}: ${problems.join('; ')}`)
    }
    rows.push(parsed.data)
  })
  if (!header) throw new UnitDirectoryError(`${source}: no header line`)
  return rows
}

/**
 * A distribution table (任务分工表) pasted as text: a header row naming its columns, then one
 * row per task. Cells are separated by tabs (a browser or Word copy), by runs of two or more
 * spaces, or — when the header itself uses single spaces — by single spaces, the task cell
 * taking whatever extra cells a row has.
 */
export interface TableColumns {
  separator: 'tab' | 'spaces' | 'space'
  count: number
  number: number
  task: number
  lead: number
  co: number | null
  deadline: number | null
}

export type TableRow =
  | { kind: 'item'; number: string; cells: { task: string; lead: string; co: string; deadline: string } }
  | { kind: 'section'; number: string | null; title: string }

const SEPARATORS = { tab: /\t/, spaces: /\s{2,}/, space: /\s+/ } as const

function cellsOf(line: string, separator: TableColumns['separator']): string[] {
  return line.split(SEPARATORS[separator]).map((cell) => cell.trim())
}

/** The columns of a header row such as "序号 工作任务 牵头负责部门"; null when the line is not one. */
export function readTableHeader(line: string): TableColumns | null {
  if (!/^序\s*号/.test(line)) return null
  const separator: TableColumns['separator'] = line.includes('\t')
    ? 'tab'
    : /\S\s{2,}\S/.test(line)
      ? 'spaces'
      : 'space'
  const cells = cellsOf(line, separator)
  if (cells.length < 3) return null
  const find = (pattern: RegExp, except: number[] = []) => {
    const index = cells.findIndex((cell, i) => !except.includes(i) && pattern.test(cell))
    return index < 0 ? null : index
  }
  const task = find(/任务|工作|事项|内容|措施|举措/)
  const lead = find(/牵头|主办|负责|责任/, task === null ? [] : [task])
  if (task === null || lead === null) return null
  const co = find(/配合|协办|参与|责任单位/, [task, lead])
  const deadline = find(/时限|时间|进度|备注/, [task, lead, ...(co === null ? [] : [co])])
  return { separator, count: cells.length, number: 0, task, lead, co, deadline }
}

/** A row under the header: an item (numbered), a section heading, or null when the table ended. */
export function readTableRow(line: string, columns: TableColumns): TableRow | null {
  let cells = cellsOf(line, columns.separator)
  if (cells.length === 1) {
    const only = cells[0] ?? ''
    const section = /^[(（]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.*)$/.exec(only)
    if (section) return { kind: 'section', number: section[1] ?? null, title: section[2] ?? '' }
    return only.length <= 40 ? { kind: 'section', number: null, title: only } : null
  }
  const first = cells[0] ?? ''
  const section = /^[(（]\s*([一二三四五六七八九十]+)\s*[)）]$/.exec(first)
  if (section) return { kind: 'section', number: section[1] ?? null, title: cells[1] ?? '' }
  if (!/^\d{1,3}$/.test(first)) return null
  if (cells.length > columns.count) {
    // Single-space rows: the task cell holds the extra words.
    const tail = columns.count - columns.task - 1
    cells = [
      ...cells.slice(0, columns.task),
      cells.slice(columns.task, cells.length - tail).join(' '),
      ...cells.slice(cells.length - tail),
    ]
  }
  const cell = (index: number | null) => (index === null ? '' : (cells[index] ?? ''))
  return {
    kind: 'item',
    number: first,
    cells: {
      task: cell(columns.task),
      lead: cell(columns.lead),
      co: cell(columns.co),
      deadline: cell(columns.deadline),
    },
  }
}

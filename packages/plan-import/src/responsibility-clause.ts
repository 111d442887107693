import { topLevelGroups } from './brackets'
import { UNIT_LINE } from './layout'

/** Where an item names its responsible units; offsets are within the item's text. */
export interface UnitClause {
  /** The list as written, label included (责任单位:…), brackets excluded. */
  content: string
  /** `（X、Y负责）`: no label, the first listed leads. */
  form: 'labelled' | 'fuze'
  start: number
  end: number
}

const LABEL = /^\s*(?:责任|牵头|主办|配合|协办|参与)(?:单位|部门)\s*[:：]/
const FUZE = /负责\s*$/
/** Only closing punctuation may follow a clause at the end of an item. */
const TRAILING = /^[\s。.；;]*$/

/** The responsible-unit clauses of an item: bracketed lists and lines of their own. */
export function findUnitClauses(text: string): UnitClause[] {
  const clauses: UnitClause[] = []
  const groups = topLevelGroups(text)
  groups.forEach((group, index) => {
    const atEnd = index === groups.length - 1 && TRAILING.test(text.slice(group.end))
    if (LABEL.test(group.content)) {
      clauses.push({ content: group.content, form: 'labelled', start: group.start, end: group.end })
    } else if (atEnd && FUZE.test(group.content) && !/[。]/.test(group.content)) {
      clauses.push({ content: group.content, form: 'fuze', start: group.start, end: group.end })
    }
  })
  const linePattern = /[^\n]+/g
  for (let match = linePattern.exec(text); match; match = linePattern.exec(text)) {
    const line = match[0].trim()
    if (!UNIT_LINE.test(line)) continue
    const start = match.index + match[0].indexOf(line)
    clauses.push({ content: line, form: 'labelled', start, end: start + line.length })
  }
  return clauses.sort((a, b) => a.start - b.start)
}

/** Whether a line closes its item with a responsible-unit clause. */
export function endsWithUnitClause(line: string): boolean {
  const last = topLevelGroups(line).at(-1)
  if (!last || !TRAILING.test(line.slice(last.end))) return false
  return LABEL.test(last.content) || (FUZE.test(last.content) && !/[。]/.test(last.content))
}

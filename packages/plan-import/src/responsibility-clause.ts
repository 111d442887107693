import { splitOutside, topLevelGroups } from './brackets'
import { isDeadlinePhrase } from './deadline'
import { UNIT_LINE } from './layout'

/** Where an item names its responsible units; offsets are within the item's text. */
export interface UnitClause {
  /** The list as written, label included (责任单位:…), brackets and a trailing deadline excluded. */
  content: string
  /** `（X、Y负责）`, `（X牵头，Y配合）`: no label, roles from the verbs. */
  form: 'labelled' | 'fuze'
  start: number
  end: number
  /** `（…负责，年内持续推进）`: the deadline written after the units, offsets within the item. */
  deadline?: { text: string; start: number }
}

const LABEL = /^\s*(?:责任|牵头|主办|配合|协办|参与)(?:单位|部门)\s*[:：]/
/** The units' verbs a bracket ends with: 负责, 牵头, 牵头负责, 按职责分工负责, 配合, 落实. */
const FUZE = /(?:负责|牵头|配合|落实)\s*$/
/** Only closing punctuation may follow a clause at the end of an item. */
const TRAILING = /^[\s。.；;]*$/

/** `X负责，年内持续推进` → the units part and the deadline part (null when none). */
export function splitDeadline(content: string): {
  units: string
  deadline: { text: string; offset: number } | null
} {
  const parts = splitOutside(content, /[，,；;]/)
  let units = content
  let deadline: { text: string; offset: number } | null = null
  while (parts.length > 1) {
    const last = parts.at(-1) ?? ''
    if (!isDeadlinePhrase(last)) break
    parts.pop()
    const offset = units.length - last.length
    deadline = { text: last.trim(), offset: offset + (last.length - last.trimStart().length) }
    units = units.slice(0, offset - 1)
  }
  return { units, deadline }
}

function fuzeClause(
  content: string,
): { units: string; deadline: { text: string; offset: number } | null } | null {
  if (/[。]/.test(content)) return null
  const split = splitDeadline(content)
  return FUZE.test(split.units) ? split : null
}

/** The responsible-unit clauses of an item: bracketed lists and lines of their own. */
export function findUnitClauses(text: string): UnitClause[] {
  const clauses: UnitClause[] = []
  const groups = topLevelGroups(text)
  groups.forEach((group) => {
    // At the end of its line: 一、强化科技创新（区科技局牵头） heads a body of several lines.
    const lineEnd = text.indexOf('\n', group.end)
    const atEnd = TRAILING.test(text.slice(group.end, lineEnd < 0 ? undefined : lineEnd))
    if (LABEL.test(group.content)) {
      clauses.push({ content: group.content, form: 'labelled', start: group.start, end: group.end })
      return
    }
    const fuze = atEnd ? fuzeClause(group.content) : null
    if (fuze) {
      clauses.push({
        content: fuze.units,
        form: 'fuze',
        start: group.start,
        end: group.end,
        ...(fuze.deadline
          ? { deadline: { text: fuze.deadline.text, start: group.start + 1 + fuze.deadline.offset } }
          : {}),
      })
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
  return LABEL.test(last.content) || fuzeClause(last.content) !== null
}

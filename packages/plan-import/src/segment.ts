import {
  CHAPTER,
  type ChapterKind,
  chapterKind,
  DATE_LINE,
  DOC_NUMBER,
  ISSUER_LINE,
  NOT_TITLE,
  NOTICE_TITLE_END,
  PERIOD_LINE,
  PLAN_TITLE_END,
  SECTION,
  SUBTASK,
  splitTitle,
  TASK,
  TITLE_WITH_PERIOD,
  titleCandidate,
  UNIT_LINE,
} from './layout'
import { type Line, splitLines } from './lines'
import { findProseUnits } from './prose-lead'
import { endsWithUnitClause, findUnitClauses } from './responsibility-clause'
import { readTableHeader, readTableRow, type TableColumns } from './table-rows'

export interface RawSection {
  kind: 'tasks' | 'safeguards'
  number: string | null
  title: string
  span: { start: number; end: number }
}

/** A row of a distribution table: the cells that matter, as written. */
export interface TableCells {
  task: string
  lead: string
  co: string
  deadline: string
}

export interface RawItem {
  kind: 'task' | 'safeguard'
  /** As written: "1", or "一" for an item written as a (一) heading. */
  number: string
  /** Written as a heading ((一), 一、) with a body rather than a numbered line. */
  fromHeading: boolean
  /** Written at a level below the tasks: （1）, ①, 第一条. */
  subtask: boolean
  sectionIndex: number
  lines: Line[]
  /** Its responsible units have been read; only unit lines may follow. */
  closed: boolean
  /** A row of a distribution table. */
  cells?: TableCells
}

export interface RawPlan {
  title: string
  titleLine: Line
  period: { from: number; to: number } | null
  goalLines: Line[]
  sections: RawSection[]
  items: RawItem[]
  lastLine: Line
}

export interface RawDocument {
  issuer: string | null
  issuedOn: string | null
  /** The year of the document number (国发〔2020〕6号) when no date is written. */
  numberYear: number | null
  plans: RawPlan[]
}

export interface SegmentOptions {
  /** Read a notice's own title (…的通知) as the plan's: for notices that carry the tasks themselves. */
  noticeAsTitle?: boolean
}

const pad = (n: string) => n.padStart(2, '0')
const NUMBERED = (text: string) =>
  CHAPTER.test(text) || SECTION.test(text) || TASK.test(text) || SUBTASK.test(text)

/**
 * Cuts a document into plans, chapters, action groups and items by line shape alone. Items
 * run over several lines until their responsible units have been read, so units written on
 * their own lines stay with their item, and a closing remark after the last item does not.
 * A numbered line is an item where its units are: a heading that names units is an item (its
 * unnumbered lines and unit-less sub-items are its body); a heading without units groups the
 * items below it.
 */
export function segment(text: string, options: SegmentOptions = {}): RawDocument {
  const lines = splitLines(text)
  const document: RawDocument = { issuer: null, issuedOn: null, numberYear: null, plans: [] }
  let plan: RawPlan | undefined
  let chapter: ChapterKind = 'preamble'
  // The chapter heading's own words ("主要任务"): the name of a section the text never opens.
  let chapterHeading: { number: string | null; title: string } | undefined
  let item: RawItem | undefined
  /** A chapter heading that names units: what follows without units of its own is its body. */
  let absorbing: RawItem | undefined
  let table: TableColumns | undefined
  let skipTo = -1

  const nextIndex = (index: number) => {
    for (let i = index + 1; i < lines.length; i++) if (lines[i]?.text !== '') return i
    return -1
  }
  const blockHasUnits = (index: number) => {
    const block: string[] = [lines[index]?.text ?? '']
    for (let i = index + 1; i < lines.length && block.length < 12; i++) {
      const t = lines[i]?.text ?? ''
      if (t === '') continue
      if (NUMBERED(t)) break
      block.push(t)
    }
    const joined = block.join('\n')
    return findUnitClauses(joined).length > 0 || findProseUnits(joined, () => false).length > 0
  }
  /**
   * Items straight under a chapter ("一、主要任务" then "1.…", or a table's rows): the chapter is
   * their section, named by its heading (else the plan's title) — never '', which no plan event
   * may carry.
   */
  const openChapterSection = (plan: RawPlan, line: Line) =>
    openSection({
      kind: 'tasks',
      number: chapterHeading?.number ?? null,
      title: chapterHeading?.title || plan.title,
      span: line,
    })
  const openSection = (section: RawSection) => {
    plan?.sections.push(section)
    return (plan?.sections.length ?? 1) - 1
  }
  const newItem = (kind: RawItem['kind'], number: string, line: Line, flags: Partial<RawItem> = {}) => {
    const created: RawItem = {
      kind,
      number,
      fromHeading: false,
      subtask: false,
      sectionIndex: (plan?.sections.length ?? 1) - 1,
      lines: [line],
      closed: endsWithUnitClause(line.text),
      ...flags,
    }
    plan?.items.push(created)
    return created
  }

  /** A title starting at `index`, possibly over up to three lines; null when none starts here. */
  const titleAt = (index: number) => {
    const first = lines[index]?.text ?? ''
    if (!titleCandidate(first) || NUMBERED(first) || NOT_TITLE.test(first) || DATE_LINE.test(first))
      return null
    let joined = first
    let last = index
    for (let extra = 0; extra < 3; extra++) {
      const inline = TITLE_WITH_PERIOD.exec(joined)
      const next = nextIndex(last)
      const nextText = next >= 0 ? (lines[next]?.text ?? '') : ''
      if (inline && PLAN_TITLE_END.test(inline[1] ?? ''))
        return {
          title: inline[1] ?? joined,
          last,
          period: { from: Number(inline[2]), to: Number(inline[3]) },
        }
      if (PERIOD_LINE.test(nextText)) return { title: joined, last, period: null }
      if (!plan && !ISSUER_LINE.test(joined) && PLAN_TITLE_END.test(joined))
        return { title: joined, last, period: null }
      if (!plan && options.noticeAsTitle && NOTICE_TITLE_END.test(joined))
        return { title: joined, last, period: null }
      if (plan || next < 0) return null
      if (
        !titleCandidate(nextText) ||
        NUMBERED(nextText) ||
        NOT_TITLE.test(nextText) ||
        DATE_LINE.test(nextText) ||
        ISSUER_LINE.test(nextText) ||
        joined.length + nextText.length > 80
      )
        return null
      joined = `${joined}${nextText.replace(/\s+/g, '')}`
      last = next
    }
    return null
  }

  lines.forEach((line, index) => {
    if (index <= skipTo) return
    const t = line.text
    if (t === '') {
      // Units written on their own lines may stand apart from their item by blank lines.
      const next = lines[nextIndex(index)]?.text ?? ''
      if (item?.closed && !table && !UNIT_LINE.test(next)) item = undefined
      return
    }
    const numberYear = DOC_NUMBER.exec(t)
    if (numberYear && document.numberYear === null && t.length <= 40)
      document.numberYear = Number(numberYear[1])
    const date = DATE_LINE.exec(t)
    if (date && !document.issuedOn)
      document.issuedOn = `${date[1]}-${pad(date[2] ?? '')}-${pad(date[3] ?? '')}`

    const title = table ? null : titleAt(index)
    if (title) {
      plan = {
        title: title.title,
        titleLine: { text: title.title, start: line.start, end: lines[title.last]?.end ?? line.end },
        period: title.period,
        goalLines: [],
        sections: [],
        items: [],
        lastLine: lines[title.last] ?? line,
      }
      document.plans.push(plan)
      chapter = 'preamble'
      chapterHeading = undefined
      item = undefined
      absorbing = undefined
      skipTo = title.last
      return
    }
    const period = PERIOD_LINE.exec(t)
    if (period && plan && !plan.period && plan.lastLine.end === plan.titleLine.end) {
      plan.period = { from: Number(period[1]), to: Number(period[2]) }
      plan.lastLine = line
      return
    }
    if (!plan) {
      if (!date && ISSUER_LINE.test(t)) document.issuer = t
      return
    }
    plan.lastLine = line

    // A distribution table pasted as text: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限.
    const header = readTableHeader(t)
    if (header) {
      table = header
      item = undefined
      absorbing = undefined
      return
    }
    if (table) {
      const row = readTableRow(t, table)
      if (row?.kind === 'item') {
        if (plan.sections.length === 0) openChapterSection(plan, line)
        item = newItem('task', row.number, line, { closed: true, cells: row.cells })
        return
      }
      if (row?.kind === 'section') {
        openSection({ kind: 'tasks', number: row.number, title: stripStop(row.title), span: line })
        item = undefined
        return
      }
      table = undefined
    }

    const chapterMatch = CHAPTER.exec(t)
    if (chapterMatch) {
      const heading = chapterMatch[2] ?? ''
      chapter = chapterKind(heading)
      chapterHeading = { number: chapterMatch[1] ?? null, title: stripStop(heading) }
      item = undefined
      absorbing = undefined
      const number = chapterMatch[1] ?? null
      if (endsWithUnitClause(t)) {
        // 一、强化科技创新（区科技局牵头）: the chapter is the task.
        openSection({ kind: 'tasks', number, title: stripStop(heading), span: line })
        absorbing = newItem(chapter === 'safeguards' ? 'safeguard' : 'task', number ?? '', line, {
          fromHeading: true,
          closed: true,
        })
        return
      }
      if (chapter === 'safeguards') {
        openSection({ kind: 'safeguards', number: null, title: stripStop(heading), span: line })
      } else if (chapter === 'other') {
        // A chapter that is itself an action group: its numbered lines are its tasks.
        openSection({ kind: 'tasks', number, title: stripStop(heading), span: line })
      }
      return
    }
    const hasUnits = NUMBERED(t) ? blockHasUnits(index) : false
    if (absorbing && NUMBERED(t) && !hasUnits) {
      absorbing.lines.push(line)
      item = undefined
      return
    }
    const scored = chapter !== 'goals' && chapter !== 'preamble'
    const sectionMatch = SECTION.exec(t)
    if (sectionMatch && (scored || hasUnits)) {
      const { title, rest } = splitTitle(sectionMatch[2] ?? '')
      if (chapter === 'safeguards' || rest.trim() !== '' || hasUnits) {
        if (chapter !== 'safeguards') {
          openSection({ kind: 'tasks', number: sectionMatch[1] ?? null, title, span: line })
        }
        item = newItem(chapter === 'safeguards' ? 'safeguard' : 'task', sectionMatch[1] ?? '', line, {
          fromHeading: true,
        })
        return
      }
      openSection({ kind: 'tasks', number: sectionMatch[1] ?? null, title, span: line })
      item = undefined
      return
    }
    const taskMatch = TASK.exec(t)
    if (taskMatch && (scored || hasUnits)) {
      if (plan.sections.length === 0) openChapterSection(plan, line)
      item = newItem(chapter === 'safeguards' ? 'safeguard' : 'task', taskMatch[1] ?? '', line)
      return
    }
    const subMatch = SUBTASK.exec(t)
    if (subMatch && (scored || hasUnits)) {
      if (item && !hasUnits && !item.closed) {
        // A sub-point of the open item: part of its text.
        item.lines.push(line)
        return
      }
      if (hasUnits) {
        if (plan.sections.length === 0) openChapterSection(plan, line)
        const number =
          subMatch[1] ?? (subMatch[2] ? String(subMatch[2].charCodeAt(0) - 0x245f) : (subMatch[3] ?? ''))
        item = newItem(chapter === 'safeguards' ? 'safeguard' : 'task', number, line, { subtask: true })
        return
      }
    }
    if (item && (UNIT_LINE.test(t) || !item.closed)) {
      item.lines.push(line)
      item.closed ||= UNIT_LINE.test(t) || endsWithUnitClause(t)
      return
    }
    item = undefined
    if (absorbing && !NUMBERED(t)) {
      absorbing.lines.push(line)
      return
    }
    if (chapter === 'goals') plan.goalLines.push(line)
  })
  return document
}

const stripStop = (title: string) => title.replace(/[。.．]$/, '')

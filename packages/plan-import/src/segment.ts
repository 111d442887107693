import {
  CHAPTER,
  type ChapterKind,
  chapterKind,
  DATE_LINE,
  ISSUER_LINE,
  PERIOD_LINE,
  PLAN_TITLE_END,
  SECTION,
  splitTitle,
  TASK,
  TITLE_WITH_PERIOD,
  titleCandidate,
  UNIT_LINE,
} from './layout'
import { type Line, splitLines } from './lines'
import { endsWithUnitClause } from './responsibility-clause'

export interface RawSection {
  kind: 'tasks' | 'safeguards'
  number: string | null
  title: string
  span: { start: number; end: number }
}

export interface RawItem {
  kind: 'task' | 'safeguard'
  /** As written: "1", or "一" for an item written as a (一) heading. */
  number: string
  /** Written as a (一) heading with a body rather than a numbered line. */
  fromHeading: boolean
  sectionIndex: number
  lines: Line[]
  /** Its responsible units have been read; only unit lines may follow. */
  closed: boolean
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
  plans: RawPlan[]
}

const pad = (n: string) => n.padStart(2, '0')

/**
 * Cuts a document into plans, chapters, action groups and items by line shape alone. Items
 * run over several lines until their responsible units have been read, so units written on
 * their own lines stay with their item, and a closing remark after the last item does not.
 */
export function segment(text: string): RawDocument {
  const lines = splitLines(text)
  const document: RawDocument = { issuer: null, issuedOn: null, plans: [] }
  let plan: RawPlan | undefined
  let chapter: ChapterKind = 'preamble'
  // The chapter heading's own words ("主要任务"): the name of a section the text never opens.
  let chapterHeading: { number: string | null; title: string } | undefined
  let item: RawItem | undefined

  const nextText = (index: number) => lines.slice(index + 1).find((line) => line.text !== '')?.text ?? ''
  const openSection = (section: RawSection) => {
    plan?.sections.push(section)
    return (plan?.sections.length ?? 1) - 1
  }

  lines.forEach((line, index) => {
    const t = line.text
    if (t === '') {
      if (item?.closed) item = undefined
      return
    }
    const inline = TITLE_WITH_PERIOD.exec(t)
    const isTitle =
      titleCandidate(t) &&
      !CHAPTER.test(t) &&
      !SECTION.test(t) &&
      !TASK.test(t) &&
      ((inline && PLAN_TITLE_END.test(inline[1] ?? '')) ||
        PERIOD_LINE.test(nextText(index)) ||
        (PLAN_TITLE_END.test(t) && !plan && !ISSUER_LINE.test(t)))
    if (isTitle) {
      const period = inline ? { from: Number(inline[2]), to: Number(inline[3]) } : null
      plan = {
        title: inline ? (inline[1] ?? t) : t,
        titleLine: line,
        period,
        goalLines: [],
        sections: [],
        items: [],
        lastLine: line,
      }
      document.plans.push(plan)
      chapter = 'preamble'
      chapterHeading = undefined
      item = undefined
      return
    }
    const period = PERIOD_LINE.exec(t)
    if (period && plan && !plan.period && plan.lastLine === plan.titleLine) {
      plan.period = { from: Number(period[1]), to: Number(period[2]) }
      plan.lastLine = line
      return
    }
    if (!plan) {
      const date = DATE_LINE.exec(t)
      if (date) document.issuedOn = `${date[1]}-${pad(date[2] ?? '')}-${pad(date[3] ?? '')}`
      else if (ISSUER_LINE.test(t)) document.issuer = t
      return
    }
    plan.lastLine = line

    const chapterMatch = CHAPTER.exec(t)
    if (chapterMatch) {
      chapter = chapterKind(chapterMatch[2] ?? '')
      chapterHeading = { number: chapterMatch[1] ?? null, title: stripStop(chapterMatch[2] ?? '') }
      item = undefined
      if (chapter === 'safeguards') {
        openSection({ kind: 'safeguards', number: null, title: stripStop(chapterMatch[2] ?? ''), span: line })
      } else if (chapter === 'other') {
        // A chapter that is itself an action group: its numbered lines are its tasks.
        openSection({
          kind: 'tasks',
          number: chapterMatch[1] ?? null,
          title: stripStop(chapterMatch[2] ?? ''),
          span: line,
        })
      }
      return
    }
    const sectionMatch = SECTION.exec(t)
    if (sectionMatch && chapter !== 'goals' && chapter !== 'preamble') {
      const { title, rest } = splitTitle(sectionMatch[2] ?? '')
      if (chapter === 'safeguards' || rest.trim() !== '') {
        if (chapter !== 'safeguards') {
          openSection({ kind: 'tasks', number: sectionMatch[1] ?? null, title, span: line })
        }
        item = newItem(
          chapter === 'safeguards' ? 'safeguard' : 'task',
          sectionMatch[1] ?? '',
          true,
          line,
          plan,
        )
        return
      }
      openSection({ kind: 'tasks', number: sectionMatch[1] ?? null, title, span: line })
      item = undefined
      return
    }
    const taskMatch = TASK.exec(t)
    if (taskMatch && chapter !== 'goals' && chapter !== 'preamble') {
      if (plan.sections.length === 0) {
        // Tasks straight under a chapter ("一、主要任务" then "1.…"): the chapter is their section.
        const title = chapterHeading?.title || plan.title
        openSection({ kind: 'tasks', number: chapterHeading?.number ?? null, title, span: line })
      }
      item = newItem(chapter === 'safeguards' ? 'safeguard' : 'task', taskMatch[1] ?? '', false, line, plan)
      return
    }
    if (item && (UNIT_LINE.test(t) || !item.closed)) {
      item.lines.push(line)
      item.closed ||= UNIT_LINE.test(t) || endsWithUnitClause(t)
      return
    }
    item = undefined
    if (chapter === 'goals') plan.goalLines.push(line)
  })
  return document
}

function newItem(
  kind: RawItem['kind'],
  number: string,
  fromHeading: boolean,
  line: Line,
  plan: RawPlan,
): RawItem {
  const item: RawItem = {
    kind,
    number,
    fromHeading,
    sectionIndex: plan.sections.length - 1,
    lines: [line],
    closed: endsWithUnitClause(line.text),
  }
  plan.items.push(item)
  return item
}

const stripStop = (title: string) => title.replace(/[。.．]$/, '')

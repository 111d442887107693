import type { UnitDirectory } from '@duban/units'
import { findDeadline } from './deadline'
import type {
  DraftItem,
  DraftPlan,
  DraftSection,
  DraftWarning,
  PlanDraft,
  Target,
  UnitRef,
} from './draft-schema'
import { planId } from './ids'
import { splitTitle } from './layout'
import { findProseLead, findProseUnits } from './prose-lead'
import { parseUnitClause, readList, type UnitToken } from './responsibility'
import { findUnitClauses, type UnitClause } from './responsibility-clause'
import type { RawDocument, RawItem, RawPlan } from './segment'
import { extractTargets, type RawTarget } from './targets'
import { districtMemberTest, type UnitContext, unitRef } from './unit-refs'

export interface AssembleOptions {
  units: UnitDirectory
  districtGroup: string
}

const START_YEAR = /从\s*(\d{4})\s*年(?:开始|起)/

/** Turns the segmented document into the draft: units resolved, targets read, ids given. */
export function assemble(text: string, document: RawDocument, options: AssembleOptions): PlanDraft {
  const warnings: DraftWarning[] = []
  const plans = document.plans.map((plan) => assemblePlan(text, document, plan, options, warnings))
  return { plans, warnings }
}

function assemblePlan(
  text: string,
  document: RawDocument,
  raw: RawPlan,
  options: AssembleOptions,
  warnings: DraftWarning[],
): DraftPlan {
  const issueYear = document.issuedOn ? Number(document.issuedOn.slice(0, 4)) : document.numberYear
  const year = issueYear ?? raw.period?.from ?? null
  const id = planId(raw.title, year)
  const warn = (warning: Omit<DraftWarning, 'planId'>) => warnings.push({ planId: id, ...warning })
  let period = raw.period
  let periodSource: DraftPlan['periodSource'] = period ? 'title' : null
  if (!period) {
    // 到2025年 in the text: the plan runs from its issue year to then.
    const planText = text.slice(raw.titleLine.start, raw.lastLine.end)
    const until = /到\s*(20\d{2})\s*年/.exec(planText)
    const to = until ? Number(until[1]) : null
    if (to !== null && year !== null && to >= year) {
      period = { from: year, to }
      periodSource = 'body'
      warn({
        code: 'period_from_body',
        message: `计划期限未在标题中写明，按正文“${until?.[0]}”暂定为${year}—${to}年，请核对`,
      })
    } else {
      warn({
        code: 'no_period',
        message: `“${raw.title}”未写明计划期限，请在审核时设定；无年份的目标暂无默认年份`,
      })
    }
  }
  const context: UnitContext = {
    units: options.units,
    asOf:
      document.issuedOn ??
      (raw.period ? `${raw.period.from}-01-01` : issueYear ? `${issueYear}-12-31` : undefined),
    districtGroup: options.districtGroup,
  }
  const isDistrictMember = districtMemberTest(context)

  let groupCount = 0
  const sections: DraftSection[] = raw.sections.map((section) => ({
    id: section.kind === 'safeguards' ? 'safeguards' : `g${++groupCount}`,
    kind: section.kind,
    number: section.number,
    // A task group needs a name: one written without a heading takes the plan's.
    title: section.title.trim() || raw.title,
    span: { start: section.span.start, end: section.span.end },
  }))

  const goals = raw.goalLines.flatMap((line) =>
    extractTargets(line.text, line.start, { period, startYear: null }),
  )

  const items: DraftItem[] = []
  const contextItems: NonNullable<DraftPlan['context']> = []
  let subtaskCount = 0
  const usedIds = new Set<string>()
  let carried = false
  let safeguardCount = 0
  let taskFromHeadingCount = 0
  for (const rawItem of raw.items) {
    const start = rawItem.lines[0]?.start ?? 0
    const end = rawItem.lines.at(-1)?.end ?? start
    const itemText = text.slice(start, end)
    const baseId =
      rawItem.kind === 'safeguard'
        ? `s${++safeguardCount}`
        : rawItem.fromHeading
          ? `tg${++taskFromHeadingCount}`
          : rawItem.subtask
            ? `ts${++subtaskCount}`
            : `t${rawItem.number}`
    let itemId = baseId
    for (let n = 2; usedIds.has(itemId); n++) itemId = `${baseId}-${n}`
    if (itemId !== baseId)
      warn({
        itemId,
        code: 'duplicate_number',
        message: `编号${rawItem.number}出现两次，请核对是否漏读或重复`,
      })
    usedIds.add(itemId)
    const itemWarn = (code: string, message: string) => warn({ itemId, code, message, span: { start, end } })

    const cells = rawItem.cells
    const clauses: UnitClause[] = cells ? [] : findUnitClauses(itemText)
    const tokens: UnitToken[] = []
    let carriesNow = false
    for (const clause of clauses) {
      const parsed = parseUnitClause(clause, isDistrictMember)
      tokens.push(...parsed.tokens)
      carriesNow ||= parsed.carriesDistricts
    }
    if (cells) {
      // A table row: the lead cell's first unit leads, the others and the co cell co-operate.
      const leads = readList(cells.lead, 'lead', isDistrictMember)
      tokens.push(...leads, ...readList(cells.co, 'co', isDistrictMember))
    }
    const marker = cells ? itemText.indexOf(cells.task) : markerLength(itemText, rawItem)
    const firstLineEnd = itemText.indexOf('\n')
    // 一、强化科技创新（区科技局牵头） over a body: the units stand on the heading, the body follows.
    const headingUnits =
      rawItem.fromHeading && firstLineEnd > 0 && clauses.length > 0 && (clauses[0]?.end ?? 0) <= firstLineEnd
    let readText = itemText
    for (const clause of headingUnits ? clauses : [])
      readText = `${readText.slice(0, clause.start)}${' '.repeat(clause.end - clause.start)}${readText.slice(clause.end)}`
    const bodyEnd = cells
      ? marker + cells.task.length
      : headingUnits
        ? itemText.length
        : (clauses[0]?.start ?? itemText.length)
    const split = headingUnits
      ? // The heading line is the title; the lines below it are the body.
        {
          title: stripStop(readText.slice(marker, firstLineEnd).trim()),
          rest: readText.slice(firstLineEnd + 1),
          restOffset: firstLineEnd + 1 - marker,
        }
      : splitTitle(readText.slice(marker, bodyEnd).trim())
    const { title } = split
    // A heading that is its own target (（一）地区生产总值增长7%以上): its title is its text.
    const restOffset = split.rest.trim() === '' ? 0 : split.restOffset
    if (title === '') itemWarn('no_title', `第${rawItem.number}项没有简短的标题句`)

    const refOf = (name: string): UnitRef => {
      const { ref, notes } = unitRef(name, context)
      for (const note of notes) itemWarn(note.code, `第${rawItem.number}项：${note.message}`)
      return ref
    }
    let proseUnitsFound = false
    if (clauses.length === 0 && !cells) {
      // 由X会同Y负责落实: units in prose, as State Council distribution notices write them.
      const proseUnits = findProseUnits(itemText.slice(marker), isDistrictMember)
      tokens.push(...proseUnits)
      proseUnitsFound = proseUnits.length > 0
      if (proseUnitsFound)
        itemWarn('units_from_prose', `第${rawItem.number}项：责任单位取自正文（由…会同…负责），请核对`)
    }
    let lead: UnitRef | null = null
    let leadSource: DraftItem['leadSource'] = proseUnitsFound ? 'prose' : null
    const coUnits: UnitRef[] = []
    const units = tokens.filter((token) => token.kind === 'unit')
    const named = units.filter((token) => token.role === 'lead')
    const leadToken =
      named[0] ?? (tokens[0]?.kind === 'unit' && tokens[0].role === 'listed' ? tokens[0] : undefined)
    if (leadToken) {
      lead = refOf(leadToken.name)
      leadSource ??= 'clause'
    }
    if (named.length > 1)
      itemWarn(
        'several_leads',
        `第${rawItem.number}项写有${named.length}个牵头单位，暂以第一个为牵头，其余为配合`,
      )
    for (const token of units) if (token !== leadToken) coUnits.push(refOf(token.name))

    const explicitDistricts = tokens.some((token) => token.kind === 'allDistricts')
    const someDistricts = tokens.some((token) => token.kind === 'someDistricts')
    if (someDistricts)
      itemWarn('some_districts', `第${rawItem.number}项只涉及部分区县（有关区县），请明确具体区县`)

    if (clauses.length === 0 && !cells && !proseUnitsFound) {
      const prose = findProseLead(
        itemText.slice(marker),
        (name) => context.units.resolve(name, context.asOf) !== undefined,
      )
      if (prose) {
        lead = refOf(prose)
        leadSource = 'prose'
        itemWarn(
          'lead_from_prose',
          `第${rawItem.number}项：牵头单位“${prose}”取自正文（…牵头），原文没有责任单位清单，请核对`,
        )
      }
    }
    if (!lead) {
      if (tokens[0]?.kind === 'allDistricts')
        itemWarn('districts_lead', `第${rawItem.number}项由区县政府牵头，未写明市级牵头单位`)
      else if (tokens.length > 0) itemWarn('no_lead', `第${rawItem.number}项未识别牵头单位`)
    }
    if (tokens.length === 0 && !lead) {
      if (rawItem.kind === 'safeguard') {
        itemWarn('safeguard_without_units', `保障措施${rawItem.number}（${title}）未写明责任单位，未导入`)
        continue
      }
      // No unit named: kept as context for the reader, never a task.
      itemWarn('context_only', `第${rawItem.number}项未写明责任单位，作为背景保留，不建为任务`)
      contextItems.push({ number: rawItem.number, text: itemText, span: { start, end } })
      continue
    }

    const clauseDeadline = clauses.find((clause) => clause.deadline)?.deadline
    const deadline = findDeadline(
      readText.slice(marker, bodyEnd),
      start + marker,
      issueYear ?? period?.from ?? null,
      cells?.deadline
        ? { text: cells.deadline, start: start + itemText.indexOf(cells.deadline) }
        : clauseDeadline
          ? { text: clauseDeadline.text, start: start + clauseDeadline.start }
          : undefined,
    )
    // An item that is one line (a table row, a heading that is its own target) is its own body.
    const body = readText.slice(marker + restOffset, bodyEnd).trim() || title
    const bodyStart = start + marker + restOffset
    const startYear = Number(START_YEAR.exec(body)?.[1]) || null
    const targets = withIds(
      itemId,
      extractTargets(readText.slice(marker + restOffset, bodyEnd), bodyStart, {
        period,
        startYear,
      }),
    )
    // "…涉及相关市(州)人民政府，下同" binds its own item as well as the later ones.
    const allDistricts = explicitDistricts || carried || carriesNow
    const sectionId = sections[rawItem.sectionIndex]?.id ?? 'g0'
    items.push({
      id: itemId,
      kind: rawItem.kind,
      section: sections[rawItem.sectionIndex]?.title ?? '',
      sectionId,
      number: rawItem.number,
      title,
      body,
      lead,
      leadSource,
      coUnits,
      allDistricts,
      allDistrictsSource: explicitDistricts || carriesNow ? 'explicit' : carried ? 'carried' : null,
      someDistricts,
      startYear,
      targets,
      deadline,
      span: { start, end },
    })
    carried ||= carriesNow
  }
  checkNumbering(items, warn)
  return {
    id,
    title: raw.title,
    issuer: document.issuer,
    issuedOn: document.issuedOn,
    period,
    periodSource,
    context: contextItems,
    goals: withIds('goals', goals),
    sections,
    items,
    span: { start: raw.titleLine.start, end: raw.lastLine.end },
  }
}

/** Length of "1." or "(一)" at the start of the item. */
function markerLength(itemText: string, item: RawItem): number {
  const pattern = item.subtask
    ? /^(?:[(（]\s*\d{1,3}\s*[)）]|[①-⑳]|第[一二三四五六七八九十百]+条)\s*/
    : item.fromHeading
      ? /^(?:[(（]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．])\s*/
      : /^\d{1,3}\s*[.．、]\s*/
  return pattern.exec(itemText)?.[0].length ?? 0
}

function withIds(owner: string, targets: RawTarget[]): Target[] {
  return targets.map((target, index) => ({ id: `${owner}.k${index + 1}`, ...target }))
}

/** Numbered tasks should run 1, 2, 3 … within a plan; a gap usually means a missed line. */
function checkNumbering(items: DraftItem[], warn: (warning: Omit<DraftWarning, 'planId'>) => void) {
  const numbers = items
    .filter((item) => item.kind === 'task' && /^\d+$/.test(item.number))
    .map((item) => Number(item.number))
  numbers.forEach((n, i) => {
    const previous = numbers[i - 1]
    if (previous !== undefined && n !== previous + 1) {
      warn({ code: 'numbering_gap', message: `第${n}项紧接第${previous}项，编号不连续，可能漏读` })
    }
  })
}

const stripStop = (title: string) => title.replace(/[。.．]$/, '')

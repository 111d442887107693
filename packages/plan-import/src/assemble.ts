import type { UnitDirectory } from '@duban/units'
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
import { findProseLead } from './prose-lead'
import { parseUnitClause, type UnitToken } from './responsibility'
import { findUnitClauses } from './responsibility-clause'
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
  const year = document.issuedOn ? Number(document.issuedOn.slice(0, 4)) : (raw.period?.from ?? null)
  const id = planId(raw.title, year)
  const warn = (warning: Omit<DraftWarning, 'planId'>) => warnings.push({ planId: id, ...warning })
  if (!raw.period)
    warn({ code: 'no_period', message: `plan "${raw.title}" states no period; targets have no default year` })
  const context: UnitContext = {
    units: options.units,
    asOf: document.issuedOn ?? (raw.period ? `${raw.period.from}-01-01` : undefined),
    districtGroup: options.districtGroup,
  }
  const isDistrictMember = districtMemberTest(context)

  let groupCount = 0
  const sections: DraftSection[] = raw.sections.map((section) => ({
    id: section.kind === 'safeguards' ? 'safeguards' : `g${++groupCount}`,
    kind: section.kind,
    number: section.number,
    title: section.title,
    span: { start: section.span.start, end: section.span.end },
  }))

  const goals = raw.goalLines.flatMap((line) =>
    extractTargets(line.text, line.start, { period: raw.period, startYear: null }),
  )

  const items: DraftItem[] = []
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
          : `t${rawItem.number}`
    let itemId = baseId
    for (let n = 2; usedIds.has(itemId); n++) itemId = `${baseId}-${n}`
    if (itemId !== baseId)
      warn({ itemId, code: 'duplicate_number', message: `item number ${rawItem.number} occurs twice` })
    usedIds.add(itemId)
    const itemWarn = (code: string, message: string) => warn({ itemId, code, message, span: { start, end } })

    const clauses = findUnitClauses(itemText)
    const tokens: UnitToken[] = []
    let carriesNow = false
    for (const clause of clauses) {
      const parsed = parseUnitClause(clause, isDistrictMember)
      tokens.push(...parsed.tokens)
      carriesNow ||= parsed.carriesDistricts
    }
    const bodyEnd = clauses[0]?.start ?? itemText.length
    const marker = markerLength(itemText, rawItem)
    const { title, restOffset } = splitTitle(itemText.slice(marker, bodyEnd))
    if (title === '') itemWarn('no_title', `item ${rawItem.number} has no short title sentence`)

    const refOf = (name: string): UnitRef => {
      const { ref, notes } = unitRef(name, context)
      for (const note of notes) itemWarn(note.code, `item ${rawItem.number}: ${note.message}`)
      return ref
    }
    let lead: UnitRef | null = null
    let leadSource: DraftItem['leadSource'] = null
    const coUnits: UnitRef[] = []
    const units = tokens.filter((token) => token.kind === 'unit')
    const named = units.filter((token) => token.role === 'lead')
    const leadToken =
      named[0] ?? (tokens[0]?.kind === 'unit' && tokens[0].role === 'listed' ? tokens[0] : undefined)
    if (leadToken) {
      lead = refOf(leadToken.name)
      leadSource = 'clause'
    }
    if (named.length > 1)
      itemWarn('several_leads', `item ${rawItem.number} names ${named.length} lead units; the first leads`)
    for (const token of units) if (token !== leadToken) coUnits.push(refOf(token.name))

    const explicitDistricts = tokens.some((token) => token.kind === 'allDistricts')
    const someDistricts = tokens.some((token) => token.kind === 'someDistricts')
    if (someDistricts)
      itemWarn('some_districts', `item ${rawItem.number} binds only some district governments (有关区县)`)

    if (clauses.length === 0) {
      const prose = findProseLead(
        itemText.slice(marker),
        (name) => context.units.resolve(name, context.asOf) !== undefined,
      )
      if (prose) {
        lead = refOf(prose)
        leadSource = 'prose'
        itemWarn(
          'lead_from_prose',
          `item ${rawItem.number}: lead "${prose}" read from prose, not a unit list`,
        )
      }
    }
    if (!lead) {
      if (tokens[0]?.kind === 'allDistricts')
        itemWarn('districts_lead', `item ${rawItem.number} is led by the district governments`)
      else if (tokens.length > 0) itemWarn('no_lead', `item ${rawItem.number} names no lead unit`)
    }
    if (tokens.length === 0 && !lead) {
      if (rawItem.kind === 'safeguard') {
        itemWarn(
          'safeguard_without_units',
          `safeguard ${rawItem.number} (${title}) names no responsible unit; not imported`,
        )
        continue
      }
      itemWarn('no_units', `item ${rawItem.number} names no responsible unit`)
    }

    const body = itemText.slice(marker + restOffset, bodyEnd).trim()
    const bodyStart = start + marker + restOffset
    const startYear = Number(START_YEAR.exec(body)?.[1]) || null
    const targets = withIds(
      itemId,
      extractTargets(itemText.slice(marker + restOffset, bodyEnd), bodyStart, {
        period: raw.period,
        startYear,
      }),
    )
    const allDistricts = explicitDistricts || carried
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
      allDistrictsSource: explicitDistricts ? 'explicit' : carried ? 'carried' : null,
      someDistricts,
      startYear,
      targets,
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
    period: raw.period,
    goals: withIds('goals', goals),
    sections,
    items,
    span: { start: raw.titleLine.start, end: raw.lastLine.end },
  }
}

/** Length of "1." or "(一)" at the start of the item. */
function markerLength(itemText: string, item: RawItem): number {
  const pattern = item.fromHeading ? /^[(（]\s*[一二三四五六七八九十]+\s*[)）]\s*/ : /^\d{1,3}\s*[.．、]\s*/
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
      warn({ code: 'numbering_gap', message: `task ${n} follows task ${previous}` })
    }
  })
}

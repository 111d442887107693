import type { UnitDirectory } from '@duban/units'
import type { Deadline, DraftItem, DraftPlan, DraftWarning, PlanDraft, Target, UnitRef } from './draft-schema'
import { unitRef } from './unit-refs'

/** What the office corrects in review, one change at a time. */
export type DraftEdit =
  | {
      kind: 'item'
      planId: string
      itemId: string
      lead: string
      coUnits: string[]
      allDistricts: boolean
      deadline: Pick<Deadline, 'due' | 'cadence'> | null
      /** One target a line: "≥100家 2025", "≤3个工作日", "+8% 2025" (增长), "=20个". */
      targets: string[]
    }
  | { kind: 'drop'; planId: string; itemId: string }
  | { kind: 'add'; planId: string; title: string; lead: string; coUnits: string[] }
  | { kind: 'period'; planId: string; from: number; to: number }

export class DraftEditError extends Error {
  override name = 'DraftEditError'
}

export interface EditContext {
  units: UnitDirectory
  districtGroup: string
}

const COMPARATOR: Record<string, Target['comparator']> = { '≥': 'gte', '≤': 'lte', '=': 'eq', '+': 'growth' }
const TARGET_LINE = /^\s*(≥|≤|=|\+)\s*([0-9]+(?:\.[0-9]+)?)\s*([^0-9\s]+)?\s*(?:(\d{4})\s*年?)?\s*$/

/** "≥100家 2025" → a target; throws DraftEditError with the line when it cannot be read. */
export function readTargetLine(
  line: string,
  id: string,
  year: number | null,
  span: DraftItem['span'],
): Target {
  const match = TARGET_LINE.exec(line.normalize('NFKC').replace('>=', '≥').replace('<=', '≤'))
  if (!match) throw new DraftEditError(`目标“${line}”无法识别：请写成“≥100家 2025”“≤3个工作日”“+8% 2025”`)
  const stated = match[4] ? Number(match[4]) : null
  return {
    id,
    text: line.trim(),
    comparator: COMPARATOR[match[1] ?? '='] ?? 'eq',
    value: Number(match[2]),
    measure: match[3] ?? null,
    year: stated ?? year,
    yearFromPeriod: stated === null && year !== null,
    yearly: false,
    from: null,
    basis: 'level',
    share: false,
    span,
  }
}

/**
 * Applies one correction to a draft and returns the new draft (the input is not changed). Unit
 * names are resolved against the directory as the import does; an unknown name is kept and
 * flagged, never dropped. Throws DraftEditError for an unknown plan or item or bad input.
 */
export function applyDraftEdit(draft: PlanDraft, edit: DraftEdit, context: EditContext): PlanDraft {
  const next: PlanDraft = structuredClone(draft)
  const plan = next.plans.find((p) => p.id === edit.planId)
  if (!plan) throw new DraftEditError(`草稿中没有计划 ${edit.planId}`)
  const asOf = plan.issuedOn ?? (plan.period ? `${plan.period.from}-01-01` : undefined)
  const warnings: DraftWarning[] = []
  const ref = (name: string, itemId: string): UnitRef => {
    const { ref: resolved, notes } = unitRef(name, {
      units: context.units,
      asOf,
      districtGroup: context.districtGroup,
    })
    for (const note of notes)
      warnings.push({ planId: plan.id, itemId, code: note.code, message: `第${itemId}项：${note.message}` })
    return resolved
  }
  const names = (list: string[]) => list.map((name) => name.trim()).filter((name) => name !== '')
  switch (edit.kind) {
    case 'period': {
      if (!(edit.from >= 1990 && edit.to >= edit.from && edit.to <= 2100))
        throw new DraftEditError(`计划期限 ${edit.from}—${edit.to} 不成立`)
      plan.period = { from: edit.from, to: edit.to }
      plan.periodSource = 'title'
      next.warnings = next.warnings.filter(
        (w) => !(w.planId === plan.id && (w.code === 'no_period' || w.code === 'period_from_body')),
      )
      for (const item of plan.items)
        for (const target of item.targets)
          if (target.yearFromPeriod || target.year === null) {
            target.year = edit.to
            target.yearFromPeriod = true
          }
      return next
    }
    case 'drop': {
      const before = plan.items.length
      plan.items = plan.items.filter((item) => item.id !== edit.itemId)
      if (plan.items.length === before) throw new DraftEditError(`计划中没有第 ${edit.itemId} 项`)
      next.warnings = next.warnings.filter((w) => !(w.planId === plan.id && w.itemId === edit.itemId))
      return next
    }
    case 'add': {
      if (edit.title.trim() === '') throw new DraftEditError('新增任务需要名称')
      if (names([edit.lead]).length === 0) throw new DraftEditError('新增任务需要牵头单位')
      let n = plan.items.length + 1
      while (plan.items.some((item) => item.id === `add${n}`)) n++
      const id = `add${n}`
      const section = plan.sections.find((s) => s.kind === 'tasks') ?? plan.sections[0]
      plan.items.push({
        id,
        kind: 'task',
        section: section?.title ?? '',
        sectionId: section?.id ?? 'g0',
        number: id,
        title: edit.title.trim(),
        body: edit.title.trim(),
        lead: ref(edit.lead.trim(), id),
        leadSource: 'clause',
        coUnits: names(edit.coUnits).map((name) => ref(name, id)),
        allDistricts: false,
        allDistrictsSource: null,
        someDistricts: false,
        startYear: null,
        targets: [],
        deadline: null,
        span: plan.span,
      })
      next.warnings.push(...warnings, {
        planId: plan.id,
        itemId: id,
        code: 'added_in_review',
        message: `第${id}项为审核时新增，原文中没有`,
      })
      return next
    }
    case 'item': {
      const item = plan.items.find((i) => i.id === edit.itemId)
      if (!item) throw new DraftEditError(`计划中没有第 ${edit.itemId} 项`)
      if (names([edit.lead]).length === 0) throw new DraftEditError(`第${item.number}项需要牵头单位`)
      const year = plan.period?.to ?? null
      item.lead = ref(edit.lead.trim(), item.id)
      item.leadSource = 'clause'
      item.coUnits = names(edit.coUnits).map((name) => ref(name, item.id))
      item.allDistricts = edit.allDistricts
      item.allDistrictsSource = edit.allDistricts ? 'explicit' : null
      item.someDistricts = false
      item.deadline =
        edit.deadline && (edit.deadline.due || edit.deadline.cadence)
          ? {
              ...edit.deadline,
              text: edit.deadline.due ?? edit.deadline.cadence ?? '',
              span: item.deadline?.span ?? item.span,
            }
          : null
      if (edit.deadline?.due && !/^\d{4}-\d{2}-\d{2}$/.test(edit.deadline.due))
        throw new DraftEditError(`完成时限“${edit.deadline.due}”应为日期`)
      item.targets = names(edit.targets).map((line, i) =>
        readTargetLine(line, `${item.id}.k${i + 1}`, year, item.span),
      )
      next.warnings = [
        ...next.warnings.filter((w) => !(w.planId === plan.id && w.itemId === item.id)),
        ...warnings,
      ]
      return next
    }
  }
}

/** The plan a draft item belongs to, for pages that list items across plans. */
export function planOf(draft: PlanDraft, itemId: string): DraftPlan | undefined {
  return draft.plans.find((plan) => plan.items.some((item) => item.id === itemId))
}

/**
 * Resolves again every name the directory did not know (after the office confirmed an alias):
 * refs that now resolve get their id, and their "unknown unit" warnings go.
 */
export function resolveUnknownNames(draft: PlanDraft, context: EditContext): PlanDraft {
  const next: PlanDraft = structuredClone(draft)
  const resolvedNames = new Set<string>()
  for (const plan of next.plans) {
    const asOf = plan.issuedOn ?? (plan.period ? `${plan.period.from}-01-01` : undefined)
    const again = (ref: UnitRef): UnitRef => {
      if (!ref.unknown) return ref
      const { ref: resolved } = unitRef(ref.name, {
        units: context.units,
        asOf,
        districtGroup: context.districtGroup,
      })
      if (!resolved.unknown) resolvedNames.add(ref.name)
      return resolved
    }
    for (const item of plan.items) {
      item.lead = item.lead ? again(item.lead) : null
      item.coUnits = item.coUnits.map(again)
    }
  }
  next.warnings = next.warnings.filter(
    (w) => w.code !== 'unknown_unit' || ![...resolvedNames].some((name) => w.message.includes(`"${name}"`)),
  )
  return next
}

/** Names in the draft the directory does not know, once each, in order of appearance. */
export function unknownNames(draft: PlanDraft): string[] {
  const names = new Set<string>()
  for (const plan of draft.plans)
    for (const item of plan.items)
      for (const ref of [item.lead, ...item.coUnits]) if (ref?.unknown) names.add(ref.name)
  return [...names]
}

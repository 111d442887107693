import Table from 'cli-table3'
import type { PlanDraft, Target, UnitRef } from './draft-schema'

const SYMBOL: Record<Target['comparator'], string> = {
  gte: '≥',
  lte: '≤',
  eq: '=',
  growth: '+',
  milestone: '◆',
}

/** One line per target: "≥ 1000000000000 元 2024", "+ 10 %/yr 2024", "◆ 实现常态化 2024". */
function formatTarget(target: Target): string {
  const what =
    target.comparator === 'milestone'
      ? target.text
      : `${target.value}${target.measure === '%' ? '' : ' '}${target.measure}`
  const year = target.year === null ? '' : ` ${target.yearly ? 'yearly to ' : ''}${target.year}`
  return `${SYMBOL[target.comparator]} ${what}${year}`
}

function formatUnit(unit: UnitRef): string {
  const flag = unit.unknown ? ' (?)' : ''
  const members = unit.members ? ` [${unit.members.length}]` : ''
  return `${unit.name}${members}${flag}`
}

/**
 * A terminal table of the draft (item, lead, co-units, districts, targets) followed by its
 * warnings. One co-unit and one target per line: cli-table3 measures CJK width but cannot break
 * a CJK run at a sensible place, so long cells are truncated rather than wrapped.
 */
export function formatDraftTable(draft: PlanDraft): string {
  const out: string[] = []
  for (const plan of draft.plans) {
    const period = plan.period ? ` (${plan.period.from}—${plan.period.to})` : ''
    out.push(`${plan.title}${period}  [${plan.id}]`)
    if (plan.goals.length > 0) out.push(`goals: ${plan.goals.map(formatTarget).join('; ')}`)
    const table = new Table({
      head: ['item', 'lead', 'co-units', 'districts', 'deadline', 'targets'],
      colWidths: [34, 20, 28, 15, 14, 34],
      style: { head: [], border: [] },
    })
    for (const item of plan.items) {
      table.push([
        `${item.id} ${item.title}`,
        item.lead ? formatUnit(item.lead) : '—',
        item.coUnits.map(formatUnit).join('\n') || '—',
        item.allDistricts
          ? item.allDistrictsSource === 'carried'
            ? 'all (carried)'
            : 'all'
          : item.someDistricts
            ? 'some'
            : '—',
        item.deadline ? (item.deadline.due ?? item.deadline.cadence ?? '—') : '—',
        item.targets.map(formatTarget).join('\n') || '—',
      ])
    }
    out.push(table.toString())
    if (plan.context && plan.context.length > 0)
      out.push(`context (no units, not tasks): ${plan.context.map((c) => c.number).join(', ')}`)
    out.push('')
  }
  out.push(draft.warnings.length === 0 ? 'no warnings' : `${draft.warnings.length} warnings:`)
  for (const warning of draft.warnings) {
    out.push(
      `  ${[warning.planId, warning.itemId].filter(Boolean).join('/')} ${warning.code}: ${warning.message}`,
    )
  }
  return out.join('\n')
}

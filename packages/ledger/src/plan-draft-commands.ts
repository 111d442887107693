/**
 * A confirmed plan draft becomes commands: one RegisterPlan, one RegisterTask per item, one
 * AssignTask per task × bound unit (the lead, each co-unit — a group name stands for its
 * members — and every district government when the task binds them all). The district
 * governments are those of the plan's date (its issue date, else its period's start): a
 * district abolished since still answers for the plans it was bound to. Pure: the caller runs
 * the commands.
 */
import { type Target as DomainTarget, RegisterPlan, RegisterTask as RegisterTaskSchema } from '@duban/domain'
import type { z } from 'zod'

type RegisterTask = z.infer<typeof RegisterTaskSchema>

import type { DraftItem, DraftPlan, Target as DraftTarget, UnitRef } from '@duban/plan-import'

export interface UnresolvedUnit {
  planId: string
  itemId: string | null
  name: string
}

/** A part of the draft that would not make a valid command (an empty section title...). */
export interface InvalidDraftPart {
  planId: string
  itemId: string | null
  /** `path: message`, one per problem, as the command's schema words them. */
  problems: string[]
}

export interface PlanCommands {
  plan: RegisterPlan
  tasks: { task: RegisterTask; assignments: { unitId: string; role: 'lead' | 'co' | 'district' }[] }[]
}

export class DraftNotConfirmableError extends Error {
  override readonly name = 'DraftNotConfirmableError'
  constructor(
    readonly unresolved: UnresolvedUnit[],
    readonly invalid: InvalidDraftPart[] = [],
  ) {
    const parts = [
      unresolved.length > 0
        ? `the draft names units the directory does not know: ${unresolved
            .map((u) => `${u.name} (${u.itemId ?? u.planId})`)
            .join(', ')}`
        : null,
      invalid.length > 0
        ? `the draft would not make valid commands: ${invalid
            .map((part) => `${part.itemId ?? part.planId}: ${part.problems.join('; ')}`)
            .join(' | ')}`
        : null,
    ].filter((part) => part !== null)
    super(`${parts.join('; ')}; fix them before confirming`)
  }
}

/** The district governments (区县政府) on a business date, `YYYY-MM-DD`. */
export type DistrictsAsOf = (date: string) => readonly string[]

/** The date a plan binds its units as of: its issue date, else the first day of its period. */
export function planBindingDate(plan: Pick<DraftPlan, 'issuedOn' | 'period'>): string | undefined {
  return plan.issuedOn ?? (plan.period ? `${plan.period.from}-01-01` : undefined)
}

export function planCommandsFromDraft(
  plans: readonly DraftPlan[],
  districtsAsOf: DistrictsAsOf,
): PlanCommands[] {
  const unresolved: UnresolvedUnit[] = []
  const commands = plans.map((plan) => {
    const period = plan.period
    if (!period) {
      unresolved.push({ planId: plan.id, itemId: null, name: '(no plan period)' })
    }
    const planEnd = `${period?.to ?? new Date().getFullYear()}-12-31`
    const bindingDate = planBindingDate(plan)
    const districtUnitIds = bindingDate ? districtsAsOf(bindingDate) : []
    const registerPlan: RegisterPlan = {
      type: 'RegisterPlan',
      data: {
        planId: plan.id,
        title: plan.title,
        ...(plan.issuer ? { issuer: plan.issuer } : {}),
        ...(plan.issuedOn ? { issuedOn: plan.issuedOn } : {}),
        period: period ?? { from: 0, to: 0 },
        sections: plan.sections.map((section) => ({ id: section.id, title: section.title })),
        reportingPolicy: { cadence: 'quarterly', dueWorkingDay: 5 },
        goals: plan.goals.map((goal) => domainTarget(goal, planEnd)),
      },
    }
    const tasks = plan.items.map((item) => {
      const unitIds = (ref: UnitRef | null): string[] => {
        if (!ref) {
          unresolved.push({ planId: plan.id, itemId: item.id, name: '(no lead unit)' })
          return []
        }
        if (ref.members && ref.members.length > 0) return ref.members.map((member) => member.unitId)
        if (ref.unitId === null) {
          unresolved.push({ planId: plan.id, itemId: item.id, name: ref.name })
          return []
        }
        return [ref.unitId]
      }
      const [leadUnitId = '', ...leadRest] = unitIds(item.lead)
      const coUnitIds = unique([...leadRest, ...item.coUnits.flatMap(unitIds)]).filter(
        (id) => id !== leadUnitId,
      )
      const task = registerTask(plan, item, taskIdOf(plan, item), leadUnitId, coUnitIds, planEnd)
      const bound = new Set([leadUnitId, ...coUnitIds])
      const assignments = [
        { unitId: leadUnitId, role: 'lead' as const },
        ...coUnitIds.map((unitId) => ({ unitId, role: 'co' as const })),
        ...(item.allDistricts
          ? districtUnitIds
              .filter((id) => !bound.has(id))
              .map((unitId) => ({ unitId, role: 'district' as const }))
          : []),
      ]
      return { task, assignments }
    })
    return { plan: registerPlan, tasks }
  })
  if (unresolved.length > 0) throw new DraftNotConfirmableError(unresolved)
  // Every command is checked against its schema before the first one runs: a draft that
  // would fail half-way (an empty section title) is refused whole, and nothing is written.
  const invalid: InvalidDraftPart[] = []
  for (const { plan, tasks } of commands) {
    const planProblems = problemsOf(RegisterPlan, plan)
    if (planProblems.length > 0)
      invalid.push({ planId: plan.data.planId, itemId: null, problems: planProblems })
    for (const { task } of tasks) {
      const taskProblems = problemsOf(RegisterTaskSchema, task)
      if (taskProblems.length > 0) {
        invalid.push({ planId: plan.data.planId, itemId: task.data.taskId, problems: taskProblems })
      }
    }
  }
  if (invalid.length > 0) throw new DraftNotConfirmableError([], invalid)
  return commands
}

function problemsOf(schema: z.ZodType, command: unknown): string[] {
  const result = schema.safeParse(command)
  if (result.success) return []
  return result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
}

/** Task ids are global: the plan's id, then the item's id within it. */
export const taskIdOf = (plan: Pick<DraftPlan, 'id'>, item: Pick<DraftItem, 'id'>) => `${plan.id}.${item.id}`

function registerTask(
  plan: DraftPlan,
  item: DraftItem,
  taskId: string,
  leadUnitId: string,
  coUnitIds: string[],
  planEnd: string,
): RegisterTask {
  return {
    type: 'RegisterTask',
    data: {
      taskId,
      planId: plan.id,
      sectionId: item.sectionId,
      number: item.number,
      kind: item.kind,
      title: item.title,
      body: item.body,
      leadUnitId,
      coUnitIds,
      allDistricts: item.allDistricts,
      targets: item.targets.map((target) => domainTarget(target, planEnd)),
      deadline: planEnd,
      ...(item.startYear ? { startsOn: `${item.startYear}-01-01` } : {}),
      ...(item.span.end > item.span.start ? { sourceSpan: item.span } : {}),
    },
  }
}

/** The draft reads targets as the text says them; the domain keeps what supervision needs. */
function domainTarget(target: DraftTarget, planEnd: string): DomainTarget {
  const span = target.span.end > target.span.start ? { sourceSpan: target.span } : {}
  const dueOn = target.year ? `${target.year}-12-31` : planEnd
  if (target.comparator === 'milestone' || target.value === null) {
    return { id: target.id, text: target.text, kind: 'milestone', dueOn, ...span }
  }
  const kind =
    target.comparator === 'growth'
      ? 'growth_rate'
      : target.share
        ? 'share'
        : target.yearly
          ? 'annual'
          : 'level'
  return {
    id: target.id,
    text: target.text,
    kind,
    comparator: target.comparator === 'lte' ? 'at_most' : 'at_least',
    value: target.value,
    ...(target.measure ? { unit: target.measure } : {}),
    dueOn,
    ...span,
  }
}

const unique = <T>(values: T[]) => [...new Set(values)]

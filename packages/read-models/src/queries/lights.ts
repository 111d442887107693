/**
 * Lights and ladder stages computed at query time from the stored facts, for the date asked:
 * they depend on "today" and the working-day calendar, which the projections must not.
 */
import { policy } from '@duban/domain'
import type { StoredFacts } from './facts'

export interface Policies {
  ladder: policy.EscalationPolicy
  workingDays: policy.WorkingDays
}

export interface ObligationStanding {
  verdict: policy.LightVerdict
  /** The ladder stage reached on the date (null before the first stage or once settled). */
  stage: string | null
  settledBy: { reportId: string; on: string } | null
}

export function standingOf(
  facts: StoredFacts,
  date: string,
  { ladder, workingDays }: Policies,
): ObligationStanding {
  const position = policy.ladderStageFor(facts, date, ladder, workingDays)
  return {
    verdict: policy.lightFor(facts, date, ladder, workingDays),
    stage: position.stage?.id ?? null,
    settledBy: position.settledBy,
  }
}

/** Through the domain's one assignment rule: the scheduler's lights report uses it too. */
export function assignmentVerdict(
  input: { taskId: string; unitId: string; closed: boolean; obligations: readonly policy.LightVerdict[] },
  ladder: policy.EscalationPolicy,
): policy.LightVerdict {
  const { closed, obligations } = input
  return policy.assignmentLight(
    { assignmentId: `${input.taskId}~${input.unitId}`, closed, obligations },
    ladder,
  )
}

export type LightCounts = Record<policy.Light, number>

export const emptyCounts = (): LightCounts => ({ green: 0, yellow: 0, red: 0 })

/**
 * Lights (亮灯) with their reasons. An obligation's light is its ladder stage's light; an assignment
 * shows the worst of its obligations, turned at least yellow by an indicator behind its trajectory;
 * a task shows the worst of its assignments. Every verdict names its rule, the policy version and
 * the facts it rests on.
 */

import { laterDate } from './dates'
import type { Bilingual, EscalationPolicy } from './escalation-policy'
import { ladderOf, ladderStageFor, reviewDueOn } from './ladder'
import { factsAsOf, type ObligationFacts, type ReportFact } from './obligation-facts'
import type { BusinessDate, WorkingDays } from './working-days'

export type Light = 'green' | 'yellow' | 'red'

export interface LightVerdict {
  light: Light
  reason: {
    /** A ladder stage id, or one of the rule names below. */
    rule: string
    policyVersion: string
    because: Bilingual
    /** Ids of the obligations, reports, notices and indicators the verdict rests on. */
    evidence: string[]
  }
}

const rank: Record<Light, number> = { green: 0, yellow: 1, red: 2 }

export function lightFor(
  facts: ObligationFacts,
  today: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): LightVerdict {
  const position = ladderStageFor(facts, today, policy, workingDays)
  const policyVersion = position.policyVersion
  if (position.settledBy) {
    const { reportId, on } = position.settledBy
    return {
      light: 'green',
      reason: {
        rule: 'report-accepted',
        policyVersion,
        because: { zh: `报送 ${reportId} 已于 ${on} 审核通过`, en: `report ${reportId} accepted on ${on}` },
        evidence: [facts.obligationId, reportId],
      },
    }
  }
  if (position.stage) {
    const { id, name, light, firing } = position.stage
    return {
      light,
      reason: {
        rule: id,
        policyVersion,
        because: { zh: `${name.zh}：${firing.because.zh}`, en: `${name.en}: ${firing.because.en}` },
        evidence: firing.evidence,
      },
    }
  }
  const awaiting = factsAsOf(facts, today).reports.find((r) => r.review === null)
  if (awaiting && ladderOf(facts, policy).fairness?.holdWhileAwaitingReview) {
    return {
      light: 'green',
      reason: {
        rule: 'awaiting-review',
        policyVersion,
        because: {
          zh: `报送 ${awaiting.reportId} 已于 ${awaiting.submittedOn} 提交，待审核（督办程序暂停）`,
          en: `report ${awaiting.reportId} submitted on ${awaiting.submittedOn}, awaiting review (the ladder is held)`,
        },
        evidence: [facts.obligationId, awaiting.reportId],
      },
    }
  }
  return {
    light: 'green',
    reason: {
      rule: 'on-track',
      policyVersion,
      because: {
        zh: `未到提醒期，报送截止日 ${facts.dueDate}`,
        en: `not yet due soon, due ${facts.dueDate}`,
      },
      evidence: [facts.obligationId],
    },
  }
}

export interface IndicatorBehind {
  indicatorId: string
  because: Bilingual
}

/**
 * An assignment's light: green once closed (销号), whatever its obligations say; else the worst of
 * its obligations. The one assignment-light rule every reader (read models, scheduler report,
 * pages) goes through, so they cannot disagree.
 */
export function assignmentLight(
  input: {
    assignmentId: string
    obligations: readonly LightVerdict[]
    indicatorsBehind?: readonly IndicatorBehind[]
    /** Closed itself, or its task closed. */
    closed?: boolean
  },
  policy: EscalationPolicy,
): LightVerdict {
  if (input.closed) {
    return {
      light: 'green',
      reason: {
        rule: 'closed',
        policyVersion: policy.version,
        because: { zh: '已销号', en: 'closed (verified done)' },
        evidence: [input.assignmentId],
      },
    }
  }
  const worst = worstOf(input.assignmentId, input.obligations, policy, {
    rule: 'worst-of-obligations',
    zh: '项报送义务',
    en: 'obligation(s)',
  })
  const behind = input.indicatorsBehind ?? []
  if (behind.length === 0 || rank[worst.light] > rank.yellow) return worst
  const indicators = behind.map((b) => b.indicatorId)
  const yellow: LightVerdict = {
    light: 'yellow',
    reason: {
      rule: 'indicator-behind-trajectory',
      policyVersion: policy.version,
      because: {
        zh: `指标落后于序时进度：${behind.map((b) => b.because.zh).join('；')}`,
        en: `indicator behind trajectory: ${behind.map((b) => b.because.en).join('; ')}`,
      },
      evidence: [input.assignmentId, ...indicators],
    },
  }
  if (worst.light === 'green') return yellow
  return {
    light: 'yellow',
    reason: {
      ...worst.reason,
      evidence: [...worst.reason.evidence, ...indicators],
      because: {
        zh: `${worst.reason.because.zh}；${yellow.reason.because.zh}`,
        en: `${worst.reason.because.en}; ${yellow.reason.because.en}`,
      },
    },
  }
}

export function taskLight(
  input: { taskId: string; assignments: readonly LightVerdict[] },
  policy: EscalationPolicy,
): LightVerdict {
  return worstOf(input.taskId, input.assignments, policy, {
    rule: 'worst-of-assignments',
    zh: '项交办',
    en: 'assignment(s)',
  })
}

/** The worst light among the parts; its reason quotes the worst parts and gathers their evidence. */
function worstOf(
  ownerId: string,
  parts: readonly LightVerdict[],
  policy: EscalationPolicy,
  naming: { rule: string; zh: string; en: string },
): LightVerdict {
  const light = parts.reduce<Light>((acc, p) => (rank[p.light] > rank[acc] ? p.light : acc), 'green')
  const worst = parts.filter((p) => p.light === light)
  const first = worst[0]
  if (!first) {
    return {
      light: 'green',
      reason: {
        rule: naming.rule,
        policyVersion: policy.version,
        because: { zh: `无${naming.zh}`, en: `no ${naming.en}` },
        evidence: [ownerId],
      },
    }
  }
  const count = {
    zh: `${parts.length} ${naming.zh}中 ${worst.length} 项为${zhLight[light]}`,
    en: `${worst.length} of ${parts.length} ${naming.en} ${light}`,
  }
  return {
    light,
    reason: {
      rule: naming.rule,
      policyVersion: first.reason.policyVersion,
      because: {
        zh: `${count.zh}，如：${first.reason.because.zh}`,
        en: `${count.en}, e.g. ${first.reason.because.en}`,
      },
      evidence: [ownerId, ...new Set(worst.flatMap((p) => p.reason.evidence))],
    },
  }
}

const zhLight: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' }

/** The id an assignment's light names it by, the same in every report. */
export const assignmentLightId = (taskId: string, unitId: string) => `${taskId}~${unitId}`

/** An obligation's light with the ladder stage reached on the date and what settled it. */
export interface ObligationStanding {
  verdict: LightVerdict
  /** The ladder stage reached on the date (null before the first stage or once settled). */
  stage: string | null
  settledBy: { reportId: string; on: BusinessDate } | null
  /** Settled on time (按时, `acceptedOnTime`): what the on-time rate counts. */
  onTime: boolean
}

export function obligationStanding(
  facts: ObligationFacts,
  date: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): ObligationStanding {
  const position = ladderStageFor(facts, date, policy, workingDays)
  return {
    verdict: lightFor(facts, date, policy, workingDays),
    stage: position.stage?.id ?? null,
    settledBy: position.settledBy,
    onTime: acceptedOnTime(facts, position.settledBy, policy, workingDays),
  }
}

/**
 * On time (按时, rule `on-time`): accepted, and every submission that led to it came within its
 * window — the first by the due date and, under a ladder with fairness rules, each resubmission
 * after a return (退回) within the resubmission window that return opened. A report returned for
 * its content was still sent on time: timeliness and quality are judged apart (the return stays
 * on record and in the unit's view). Under a ladder without fairness rules (ladder-2022.1) only
 * the accepted report's own date counts.
 */
export function acceptedOnTime(
  facts: ObligationFacts,
  settledBy: { reportId: string } | null,
  fallback: EscalationPolicy,
  workingDays: WorkingDays,
): boolean {
  const accepted = settledBy && facts.reports.find((r) => r.reportId === settledBy.reportId)
  if (!accepted) return false
  if (accepted.submittedOn <= facts.dueDate) return true
  const fairness = ladderOf(facts, fallback).fairness
  if (!fairness) return false
  const chain = facts.reports
    .filter((r) => r.submittedOn <= accepted.submittedOn)
    .sort((a, b) => a.submittedOn.localeCompare(b.submittedOn))
  let windowEnds = facts.dueDate
  for (const report of chain) {
    if (report.submittedOn > windowEnds) return false
    if (report === accepted) return true
    if (report.review?.outcome === 'returned') {
      windowEnds = laterDate(
        workingDays.addWorkingDays(report.review.on, fairness.resubmitWithinWorkingDays),
        facts.dueDate,
      )
    }
  }
  return false
}

export type LightCounts = Record<Light, number>

export const emptyLightCounts = (): LightCounts => ({ green: 0, yellow: 0, red: 0 })

/** An assignment's light in a lights report. */
export interface AssignmentLight {
  streamId: string
  taskId: string
  unitId: string
  verdict: LightVerdict
}

export interface UnitLights {
  unitId: string
  assignments: number
  green: number
  yellow: number
  red: number
  /** Why the unit's worst assignment shows its light. */
  worst: AssignmentLight | null
}

export interface LightsReport {
  asOf: BusinessDate
  assignments: AssignmentLight[]
  tasks: { taskId: string; verdict: LightVerdict }[]
  units: UnitLights[]
}

/**
 * Every assignment's, task's and unit's light as of a date, from each assignment's obligation
 * facts: the one roll-up the scheduler's report, the simulation and the read models share.
 */
export function lightsReport(
  asOf: BusinessDate,
  input: readonly {
    streamId: string
    taskId: string
    unitId: string
    closed: boolean
    obligations: readonly ObligationFacts[]
  }[],
  policy: EscalationPolicy,
  workingDays: WorkingDays,
  /** The ladder each obligation walks; by default its recorded version, else `policy`. */
  ladderFor: (facts: ObligationFacts) => EscalationPolicy = (facts) => ladderOf(facts, policy),
): LightsReport {
  const assignments = input.map((entry): AssignmentLight => {
    const verdict = assignmentLight(
      {
        assignmentId: assignmentLightId(entry.taskId, entry.unitId),
        closed: entry.closed,
        obligations: entry.obligations.map((facts) => lightFor(facts, asOf, ladderFor(facts), workingDays)),
      },
      policy,
    )
    return { streamId: entry.streamId, taskId: entry.taskId, unitId: entry.unitId, verdict }
  })
  const byTask = new Map<string, LightVerdict[]>()
  const byUnit = new Map<string, AssignmentLight[]>()
  for (const assignment of assignments) {
    byTask.set(assignment.taskId, [...(byTask.get(assignment.taskId) ?? []), assignment.verdict])
    byUnit.set(assignment.unitId, [...(byUnit.get(assignment.unitId) ?? []), assignment])
  }
  const tasks = [...byTask].map(([taskId, verdicts]) => ({
    taskId,
    verdict: taskLight({ taskId, assignments: verdicts }, policy),
  }))
  const units = [...byUnit]
    .map(([unitId, lights]): UnitLights => {
      const count = (light: Light) => lights.filter((l) => l.verdict.light === light).length
      const worst = lights.reduce<AssignmentLight | null>(
        (acc, l) => (!acc || rank[l.verdict.light] > rank[acc.verdict.light] ? l : acc),
        null,
      )
      return {
        unitId,
        assignments: lights.length,
        green: count('green'),
        yellow: count('yellow'),
        red: count('red'),
        worst,
      }
    })
    .sort((a, b) => a.unitId.localeCompare(b.unitId))
  return { asOf, assignments, tasks, units }
}

/**
 * The office's own light for a report awaiting its review (审核时限): green within the review
 * deadline, yellow on its last day, red after it. Null when reviewed, or the ladder has no
 * review deadline.
 */
export function reviewLight(
  report: ReportFact,
  today: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): (LightVerdict & { reviewDueOn: BusinessDate }) | null {
  if (report.review !== null && report.review.on <= today) return null
  const due = reviewDueOn(report.submittedOn, policy, workingDays)
  if (due === null) return null
  const light: Light = today < due ? 'green' : today === due ? 'yellow' : 'red'
  const rule = light === 'red' ? 'review-overdue' : 'review-within-deadline'
  return {
    light,
    reviewDueOn: due,
    reason: {
      rule,
      policyVersion: policy.version,
      because:
        light === 'red'
          ? {
              zh: `报送 ${report.reportId} 于 ${report.submittedOn} 提交，审核期限 ${due} 已过，督查办尚未审核`,
              en: `report ${report.reportId} submitted ${report.submittedOn}: the office's review deadline ${due} has passed`,
            }
          : {
              zh: `报送 ${report.reportId} 待审核，审核期限 ${due}`,
              en: `report ${report.reportId} awaiting review, review due ${due}`,
            },
      evidence: [report.reportId],
    },
  }
}

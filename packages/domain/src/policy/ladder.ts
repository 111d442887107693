/**
 * Where an obligation stands on the escalation ladder, when that next changes, and which stage
 * transitions are due — all derived from facts, a date, a policy and a working-day calendar.
 */
import { addCalendarDays } from './dates'
import type { Bilingual, EscalationPolicy, LadderAction, Stage, Trigger } from './escalation-policy'
import type { NoticeFact, ObligationFacts, ReportFact } from './obligation-facts'
import { factsAsOf } from './obligation-facts'
import type { BusinessDate, WorkingDays } from './working-days'

/** A stage's trigger resolved to the date it fires, with why and on which facts. */
export interface Firing {
  on: BusinessDate
  trigger: Trigger
  because: Bilingual
  evidence: string[]
}

export interface LadderPosition {
  policyVersion: string
  obligationId: string
  dueDate: BusinessDate
  /** The accepted report that settles the obligation, if accepted by `today`. */
  settledBy: { reportId: string; on: BusinessDate } | null
  /** The highest stage reached by `today`; null before the first or once settled. */
  stage: (Pick<Stage, 'id' | 'name' | 'light' | 'actions'> & { since: BusinessDate; firing: Firing }) | null
  /** The next business date on which the stage changes, for a scheduler's "next action" index. */
  nextChangeOn: BusinessDate | null
}

export interface StageTransition {
  obligationId: string
  dueDate: BusinessDate
  stageId: string
  /** The business date the transition should have happened on; earlier than today after downtime. */
  shouldHaveHappenedOn: BusinessDate
  actions: LadderAction[]
  firing: Firing
  policyVersion: string
  /** A later stage due by the same date; a catch-up may record this one without notifying on it. */
  supersededBy: string | null
}

/** The first accepted report among the facts; returned and unreviewed reports never settle. */
export function settlement(facts: ObligationFacts): { reportId: string; on: BusinessDate } | null {
  let best: { reportId: string; on: BusinessDate } | null = null
  for (const report of facts.reports) {
    const review = report.review
    if (review?.outcome === 'accepted' && (!best || review.on < best.on)) {
      best = { reportId: report.reportId, on: review.on }
    }
  }
  return best
}

export function ladderStageFor(
  allFacts: ObligationFacts,
  today: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): LadderPosition {
  const facts = factsAsOf(allFacts, today)
  const base = { policyVersion: policy.version, obligationId: facts.obligationId, dueDate: facts.dueDate }
  const settledBy = settlement(facts)
  if (settledBy) return { ...base, settledBy, stage: null, nextChangeOn: null }

  const timeline = stageTimeline(facts, policy, workingDays)
  const current = timeline.filter((e) => e.firing.on <= today).at(-1)
  const upcoming = timeline
    .filter((e) => e.index > (current?.index ?? -1) && e.firing.on > today)
    .map((e) => e.firing.on)
    .sort()

  return {
    ...base,
    settledBy: null,
    stage: current
      ? {
          id: current.stage.id,
          name: current.stage.name,
          light: current.stage.light,
          actions: current.stage.actions,
          since: current.firing.on,
          firing: current.firing,
        }
      : null,
    nextChangeOn: upcoming[0] ?? null,
  }
}

/**
 * Stage transitions due by `upTo` and not yet recorded, in ladder order, each with the date it
 * should have happened on. Nothing is due once the obligation is settled: a catch-up never sends
 * a notice about a report already accepted.
 */
export function nextActions(
  allFacts: ObligationFacts,
  upTo: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): StageTransition[] {
  const facts = factsAsOf(allFacts, upTo)
  if (settlement(facts)) return []
  const reached = new Set(
    facts.stagesReached.filter((s) => s.dueDate === facts.dueDate).map((s) => s.stageId),
  )
  const timeline = stageTimeline(facts, policy, workingDays)
  const highestReached = Math.max(-1, ...timeline.filter((e) => reached.has(e.stage.id)).map((e) => e.index))
  const due = timeline.filter((e) => e.index > highestReached && e.firing.on <= upTo)
  const last = due.at(-1)?.stage.id ?? null
  return due.map(({ stage, firing }) => ({
    obligationId: facts.obligationId,
    dueDate: facts.dueDate,
    stageId: stage.id,
    shouldHaveHappenedOn: firing.on,
    actions: stage.actions,
    firing,
    policyVersion: policy.version,
    supersededBy: stage.id === last ? null : last,
  }))
}

/** The answer date of a supervision notice issued on `issuedOn` under a ladder's notice action. */
export function noticeAnswerDue(
  issuedOn: BusinessDate,
  action: Extract<LadderAction, { kind: 'supervision-notice' }>,
  workingDays: WorkingDays,
): BusinessDate {
  return workingDays.addWorkingDays(issuedOn, action.answerWithinWorkingDays)
}

/** Each stage with the earliest date one of its triggers fires; stages that cannot fire are left out. */
function stageTimeline(facts: ObligationFacts, policy: EscalationPolicy, workingDays: WorkingDays) {
  return policy.stages.flatMap((stage, index) => {
    const firings = stage.when.flatMap((trigger) => fire(trigger, facts, workingDays))
    const firing = firings.sort((a, b) => a.on.localeCompare(b.on))[0]
    return firing ? [{ stage, index, firing }] : []
  })
}

function fire(trigger: Trigger, facts: ObligationFacts, workingDays: WorkingDays): Firing[] {
  const due = facts.dueDate
  const evidence = [facts.obligationId, ...facts.reports.map((r) => r.reportId)]
  switch (trigger.kind) {
    case 'due-within': {
      // Counted from the last working day on or before the due date, so a due date falling on a
      // holiday turns yellow as early as the working day before it.
      const lastWorkingDay = workingDays.isWorkingDay(due) ? due : workingDays.addWorkingDays(due, -1)
      return [
        {
          on: workingDays.addWorkingDays(lastWorkingDay, -trigger.workingDays),
          trigger,
          because: {
            zh: `报送截止日 ${due}，剩余不超过 ${trigger.workingDays} 个工作日`,
            en: `due ${due}, at most ${trigger.workingDays} working day(s) left`,
          },
          evidence: [facts.obligationId],
        },
      ]
    }
    case 'due-passed':
      return [
        {
          on: addCalendarDays(due, 1),
          trigger,
          because: {
            zh: `已过报送截止日 ${due}，尚无审核通过的报送${returnedNote(facts.reports).zh}`,
            en: `due date ${due} passed with no accepted report${returnedNote(facts.reports).en}`,
          },
          evidence,
        },
      ]
    case 'overdue':
      return [
        {
          on: workingDays.addWorkingDays(due, trigger.workingDays),
          trigger,
          because: {
            zh: `逾期 ${trigger.workingDays} 个工作日（截止日 ${due}），尚无审核通过的报送${returnedNote(facts.reports).zh}`,
            en: `${trigger.workingDays} working day(s) overdue (due ${due}) with no accepted report${returnedNote(facts.reports).en}`,
          },
          evidence,
        },
      ]
    case 'notice-unanswered':
      return facts.notices.filter(unansweredInTime).map((notice) => ({
        on: addCalendarDays(notice.answerDueOn, 1),
        trigger,
        because: {
          zh: `督办单 ${notice.noticeId} 未在答复期限 ${notice.answerDueOn} 前答复`,
          en: `supervision notice ${notice.noticeId} not answered by ${notice.answerDueOn}`,
        },
        evidence: [facts.obligationId, notice.noticeId],
      }))
  }
}

function unansweredInTime(notice: NoticeFact): boolean {
  return notice.answeredOn === null || notice.answeredOn > notice.answerDueOn
}

/** Names returned reports in the explanation: the unit sees why its report did not count. */
function returnedNote(reports: readonly ReportFact[]): Bilingual {
  const returned = reports.filter((r) => r.review?.outcome === 'returned').map((r) => r.reportId)
  if (returned.length === 0) return { zh: '', en: '' }
  return {
    zh: `（退回的报送视为未报送：${returned.join('、')}）`,
    en: ` (returned reports count as not submitted: ${returned.join(', ')})`,
  }
}

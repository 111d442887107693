/**
 * Where an obligation stands on the escalation ladder, when that next changes, and which stage
 * transitions are due — all derived from facts, a date, a policy and a working-day calendar.
 */
import { addCalendarDays, laterDate } from './dates'
import type { Bilingual, EscalationPolicy, LadderAction, Stage, Trigger } from './escalation-policy'
import type { NoticeFact, ObligationFacts, ReportFact } from './obligation-facts'
import { factsAsOf } from './obligation-facts'
import { escalationPolicy } from './policies'
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
  const ladder = ladderOf(facts, policy)
  const base = { policyVersion: ladder.version, obligationId: facts.obligationId, dueDate: facts.dueDate }
  const settledBy = settlement(facts)
  if (settledBy) return { ...base, settledBy, stage: null, nextChangeOn: null }

  const round = roundOf(facts, ladder, workingDays)
  const timeline = stageTimeline(facts, round, ladder, workingDays)
  const current = timeline.filter((e) => e.firing.on <= today).at(-1)
  const upcoming = timeline
    .filter((e) => e.index > (current?.index ?? -1) && e.firing.on > today)
    .map((e) => e.firing.on)
    .sort()

  return {
    ...base,
    dueDate: round.dueDate,
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
  const ladder = ladderOf(facts, policy)
  const round = roundOf(facts, ladder, workingDays)
  const reached = new Set(
    facts.stagesReached.filter((s) => s.dueDate === round.dueDate).map((s) => s.stageId),
  )
  const timeline = stageTimeline(facts, round, ladder, workingDays)
  const highestReached = Math.max(-1, ...timeline.filter((e) => reached.has(e.stage.id)).map((e) => e.index))
  const due = timeline.filter((e) => e.index > highestReached && e.firing.on <= upTo)
  const last = due.at(-1)?.stage.id ?? null
  return due.map(({ stage, firing }) => ({
    obligationId: facts.obligationId,
    dueDate: round.dueDate,
    stageId: stage.id,
    shouldHaveHappenedOn: firing.on,
    actions: stage.actions,
    firing,
    policyVersion: ladder.version,
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

/** The ladder an obligation walks: the version recorded on it, else `fallback`. */
export function ladderOf(
  facts: Pick<ObligationFacts, 'ladderVersion'>,
  fallback: EscalationPolicy,
): EscalationPolicy {
  const version = facts.ladderVersion
  return version === undefined || version === fallback.version ? fallback : escalationPolicy(version)
}

/**
 * The round of the ladder an obligation is in. Under a ladder with fairness rules a returned
 * report (退回) opens a resubmission window from the return, and the ladder counts again from it:
 * the round's due date is the later of the obligation's and the window's last day, and no step
 * of the round happens before the working day after the return. Otherwise one round, the
 * obligation's own due date.
 */
export interface LadderRound {
  dueDate: BusinessDate
  /** The day of the return that opened this round; null for the first round. */
  startsAfter: BusinessDate | null
  returnedReportId: string | null
}

export function roundOf(
  facts: ObligationFacts,
  ladder: EscalationPolicy,
  workingDays: WorkingDays,
): LadderRound {
  const first = { dueDate: facts.dueDate, startsAfter: null, returnedReportId: null }
  if (!ladder.fairness) return first
  let latest: { reportId: string; on: BusinessDate } | null = null
  for (const report of facts.reports) {
    const review = report.review
    if (review?.outcome === 'returned' && (!latest || review.on >= latest.on)) {
      latest = { reportId: report.reportId, on: review.on }
    }
  }
  if (!latest) return first
  const resubmitBy = workingDays.addWorkingDays(latest.on, ladder.fairness.resubmitWithinWorkingDays)
  return {
    dueDate: laterDate(resubmitBy, facts.dueDate),
    startsAfter: latest.on,
    returnedReportId: latest.reportId,
  }
}

/** The round's due date of an obligation as of a date (the ids and stages of its steps). */
export function roundDueDate(
  allFacts: ObligationFacts,
  asOf: BusinessDate,
  fallback: EscalationPolicy,
  workingDays: WorkingDays,
): BusinessDate {
  const facts = factsAsOf(allFacts, asOf)
  return roundOf(facts, ladderOf(facts, fallback), workingDays).dueDate
}

/**
 * A report submitted before the morning of `on` and not reviewed before it: under fairness rules
 * it holds the step (the scheduler runs in the morning; a report of that day comes after it).
 */
function heldOn(facts: ObligationFacts, on: BusinessDate): ReportFact | undefined {
  return facts.reports.find((r) => r.submittedOn < on && (r.review === null || r.review.on >= on))
}

/**
 * Each stage with the earliest date one of its triggers fires; stages that cannot fire are left
 * out, and so, under fairness rules, are firings held by a report awaiting review.
 */
function stageTimeline(
  facts: ObligationFacts,
  round: LadderRound,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
) {
  const after = round.startsAfter
  const roundFacts: ObligationFacts =
    after === null
      ? facts
      : { ...facts, dueDate: round.dueDate, notices: facts.notices.filter((n) => n.issuedOn > after) }
  const earliest = after === null ? null : workingDays.addWorkingDays(after, 1)
  const hold = policy.fairness?.holdWhileAwaitingReview === true
  return policy.stages.flatMap((stage, index) => {
    const firings = stage.when
      .flatMap((trigger) => fire(trigger, roundFacts, round, workingDays))
      .map((firing) => (earliest !== null && firing.on < earliest ? { ...firing, on: earliest } : firing))
      .filter((firing) => !(hold && heldOn(facts, firing.on)))
    const firing = firings.sort((a, b) => a.on.localeCompare(b.on))[0]
    return firing ? [{ stage, index, firing }] : []
  })
}

/** The day the office should have reviewed a report by (its own deadline), under fairness rules. */
export function reviewDueOn(
  submittedOn: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): BusinessDate | null {
  if (!policy.fairness) return null
  return workingDays.addWorkingDays(submittedOn, policy.fairness.reviewWithinWorkingDays)
}

/** The latest date a unit may commit to when answering a notice due `answerDueOn`. */
export function latestCommittedDate(
  answerDueOn: BusinessDate,
  policy: EscalationPolicy,
  workingDays: WorkingDays,
): BusinessDate | null {
  if (!policy.fairness) return null
  return workingDays.addWorkingDays(answerDueOn, policy.fairness.commitWithinWorkingDaysAfterAnswerDue)
}

function fire(
  trigger: Trigger,
  facts: ObligationFacts,
  round: LadderRound,
  workingDays: WorkingDays,
): Firing[] {
  const due = facts.dueDate
  const resubmission =
    round.returnedReportId === null
      ? { zh: '', en: '' }
      : {
          zh: `（报送 ${round.returnedReportId} 于 ${round.startsAfter} 退回，重新报送期限 ${round.dueDate}）`,
          en: ` (report ${round.returnedReportId} returned on ${round.startsAfter}, resubmission due ${round.dueDate})`,
        }
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
            zh: `报送截止日 ${due}，剩余不超过 ${trigger.workingDays} 个工作日${resubmission.zh}`,
            en: `due ${due}, at most ${trigger.workingDays} working day(s) left${resubmission.en}`,
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
            zh: `逾期 ${trigger.workingDays} 个工作日（截止日 ${due}），尚无审核通过的报送${returnedNote(facts.reports).zh}${resubmission.zh}`,
            en: `${trigger.workingDays} working day(s) overdue (due ${due}) with no accepted report${returnedNote(facts.reports).en}${resubmission.en}`,
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
    case 'notice-window-closed':
      return facts.notices.filter(unansweredInTime).map((notice) => ({
        on: workingDays.addWorkingDays(notice.answerDueOn, 1),
        trigger,
        because: {
          zh: `督办单 ${notice.noticeId} 的答复期限 ${notice.answerDueOn} 已届满，未答复`,
          en: `supervision notice ${notice.noticeId}: its answer window closed on ${notice.answerDueOn} unanswered`,
        },
        evidence: [facts.obligationId, notice.noticeId],
      }))
    case 'commitment-passed':
      return facts.notices.flatMap((notice) => {
        const committed = notice.committedDate
        if (!committed || unansweredInTime(notice)) return []
        const afterCommitment = workingDays.addWorkingDays(committed, 1)
        const afterWindow = workingDays.addWorkingDays(notice.answerDueOn, 1)
        return [
          {
            on: laterDate(afterCommitment, afterWindow),
            trigger,
            because: {
              zh: `督办单 ${notice.noticeId} 答复承诺 ${committed} 前报送，逾期仍无审核通过的报送`,
              en: `supervision notice ${notice.noticeId}: committed to ${committed}, passed with no accepted report`,
            },
            evidence: [facts.obligationId, notice.noticeId, ...facts.reports.map((r) => r.reportId)],
          },
        ]
      })
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

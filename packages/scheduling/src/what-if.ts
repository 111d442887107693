/**
 * What-if (假如): the recorded facts of a ledger — obligations, reports and reviews, extensions,
 * answers to notices, closings — replayed in memory under a ladder version, as the scheduler
 * would have walked them each morning; then compared with the steps and lights the log records.
 * Under each obligation's recorded ladder the replay reproduces the log's steps exactly; under
 * another version it shows, per unit, the steps and lights that would differ, so a supervision
 * office can try a rule before adopting it. Pure over the facts read; writes nothing.
 *
 * The units' own acts stay as recorded. A notice the replay issues takes the unit's answer to the
 * notice of the same rank on that obligation (its day, no earlier than the notice; its committed
 * date, if it gave one): the one assumption a what-if must make about people.
 */
import type { Calendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import type { EventStore, RecordedEvent } from '@duban/eventstore'
import { eventDay } from '@duban/projections'
import { stageEventId } from './ids'
import { memoizedCalendar } from './memo-calendar'
import { obligationRules } from './obligation-rules'

export interface LadderStep {
  streamId: string
  taskId: string
  unitId: string
  obligationId: string
  stageId: string
  /** The step's id (its reminder, notice or escalation id). */
  id: string
  /** The business date it happened (or would happen) on. */
  on: string
  policyVersion: string
}

export interface UnitDifference {
  unitId: string
  /** Steps the log records that the replay would not take (by id and date). */
  onlyRecorded: LadderStep[]
  /** Steps the replay would take that the log does not record. */
  onlyReplayed: LadderStep[]
  /** Assignments whose light as of the date would differ. */
  lights: { taskId: string; recorded: policy.Light; replayed: policy.Light; rule: string }[]
}

export interface WhatIfReport {
  asOf: string
  /** The ladder every obligation was replayed under; null: each under its recorded version. */
  ladderVersion: string | null
  recordedSteps: number
  replayedSteps: number
  units: UnitDifference[]
}

interface ObligationLog {
  streamId: string
  taskId: string
  unitId: string
  obligationId: string
  openedOn: string
  dueDate: string
  ladderVersion?: string
  calendarVersion?: string
  dueChanges: { on: string; dueDate: string }[]
  reports: {
    reportId: string
    submittedOn: string
    review: { outcome: 'accepted' | 'returned'; on: string } | null
  }[]
  notices: policy.NoticeFact[]
  answers: { on: string; committedDate: string | null }[]
  steps: LadderStep[]
}

type Data = Record<string, unknown>

/** Reads the facts of every obligation from the log. */
async function readObligations(store: Pick<EventStore, 'readAll'>) {
  const obligations = new Map<string, ObligationLog>()
  const reportOwner = new Map<string, ObligationLog>()
  const noticeOwner = new Map<string, ObligationLog>()
  /** Close/reopen toggles per assignment stream and per task, in log order. */
  const toggles = new Map<string, { on: string; closed: boolean }[]>()
  const toggle = (key: string, on: string, closed: boolean) =>
    toggles.set(key, [...(toggles.get(key) ?? []), { on, closed }])
  let lastDay = ''
  const see = (event: RecordedEvent) => {
    const data = event.data as Data
    const day = eventDay(event)
    if (day > lastDay) lastDay = day
    const key = `${event.streamId} ${String(data['obligationId'])}`
    switch (event.type) {
      case 'ObligationOpened': {
        obligations.set(key, {
          streamId: event.streamId,
          taskId: String(data['taskId']),
          unitId: String(data['unitId']),
          obligationId: String(data['obligationId']),
          openedOn: day,
          dueDate: String(data['dueDate']),
          ...(typeof data['ladderVersion'] === 'string' && { ladderVersion: data['ladderVersion'] }),
          ...(typeof data['calendarVersion'] === 'string' && { calendarVersion: data['calendarVersion'] }),
          dueChanges: [],
          reports: [],
          notices: [],
          answers: [],
          steps: [],
        })
        return
      }
      case 'ProgressReportSubmitted': {
        const obligation = obligations.get(key)
        if (!obligation) return
        const reportId = String(data['reportId'])
        obligation.reports.push({ reportId, submittedOn: day, review: null })
        reportOwner.set(`${event.streamId} ${reportId}`, obligation)
        return
      }
      case 'ProgressReportAccepted':
      case 'ProgressReportReturned': {
        const reportId = String(data['reportId'])
        const obligation = reportOwner.get(`${event.streamId} ${reportId}`)
        const report = obligation?.reports.find((r) => r.reportId === reportId)
        if (report) {
          report.review = {
            outcome: event.type === 'ProgressReportAccepted' ? 'accepted' : 'returned',
            on: day,
          }
        }
        return
      }
      case 'ExtensionGranted': {
        const obligation = obligations.get(key)
        if (obligation) obligation.dueChanges.push({ on: day, dueDate: String(data['newDueDate']) })
        return
      }
      case 'ReminderSent':
      case 'SupervisionNoticeIssued':
      case 'EscalatedToLeadership': {
        const obligation = obligations.get(key)
        if (!obligation) return
        if (event.type === 'SupervisionNoticeIssued') {
          const noticeId = String(data['noticeId'])
          noticeOwner.set(`${event.streamId} ${noticeId}`, obligation)
          obligation.notices.push({
            noticeId,
            issuedOn: day,
            answerDueOn: String(data['answerDueDate']),
            answeredOn: null,
          })
        }
        if (typeof data['stageId'] !== 'string') return
        const id = String(
          event.type === 'ReminderSent'
            ? data['reminderId']
            : event.type === 'SupervisionNoticeIssued'
              ? data['noticeId']
              : data['escalationId'],
        )
        obligation.steps.push({
          streamId: event.streamId,
          taskId: obligation.taskId,
          unitId: obligation.unitId,
          obligationId: obligation.obligationId,
          stageId: data['stageId'],
          id,
          on: day,
          policyVersion: String(data['policyVersion'] ?? ''),
        })
        return
      }
      case 'SupervisionNoticeAnswered': {
        const noticeId = String(data['noticeId'])
        const obligation = noticeOwner.get(`${event.streamId} ${noticeId}`)
        if (!obligation) return
        const committedDate = typeof data['committedDate'] === 'string' ? data['committedDate'] : null
        obligation.answers.push({ on: day, committedDate })
        obligation.notices = obligation.notices.map((n) =>
          n.noticeId === noticeId ? { ...n, answeredOn: day, ...(committedDate && { committedDate }) } : n,
        )
        return
      }
      case 'AssignmentClosed':
      case 'AssignmentReopened':
        return toggle(event.streamId, day, event.type === 'AssignmentClosed')
      case 'TaskClosed':
      case 'TaskReopened':
        return toggle(`task ${String(data['taskId'])}`, day, event.type === 'TaskClosed')
    }
  }
  for (let after = 0; ; ) {
    const batch = await store.readAll({ after, limit: 5000 })
    if (batch.length === 0) break
    for (const event of batch) see(event)
    after = batch.at(-1)!.position
  }
  /** Closed as the scheduler saw it on the morning of `day` (acts of earlier days only). */
  const closedOn = (obligation: ObligationLog, day: string) =>
    [obligation.streamId, `task ${obligation.taskId}`].some(
      (k) => (toggles.get(k) ?? []).filter((t) => t.on < day).at(-1)?.closed === true,
    )
  const toggleDays = (obligation: ObligationLog) =>
    [obligation.streamId, `task ${obligation.taskId}`].flatMap((k) => (toggles.get(k) ?? []).map((t) => t.on))
  return { obligations: [...obligations.values()], closedOn, toggleDays, lastDay }
}

/** The recorded facts of an obligation as the scheduler saw them on the morning of `day`. */
function factsBefore(
  obligation: ObligationLog,
  day: string,
  notices: readonly policy.NoticeFact[],
  stagesReached: policy.ObligationFacts['stagesReached'],
  ladderVersion: string | undefined,
): policy.ObligationFacts {
  const dueDate = obligation.dueChanges.filter((c) => c.on < day).at(-1)?.dueDate ?? obligation.dueDate
  return {
    obligationId: obligation.obligationId,
    dueDate,
    ...(ladderVersion !== undefined && { ladderVersion }),
    ...(obligation.calendarVersion !== undefined && { calendarVersion: obligation.calendarVersion }),
    reports: obligation.reports
      .filter((r) => r.submittedOn < day)
      .map((r) => (r.review && r.review.on >= day ? { ...r, review: null } : r)),
    notices: notices
      .filter((n) => n.issuedOn <= day)
      .map((n) =>
        n.answeredOn !== null && n.answeredOn >= day ? { ...n, answeredOn: null, committedDate: null } : n,
      ),
    stagesReached,
  }
}

/** Every step an obligation's ladder takes up to `asOf`, each morning as the scheduler would. */
function replayObligation(
  obligation: ObligationLog,
  asOf: string,
  ladderVersion: string | undefined,
  ladderOf: (facts: policy.ObligationFacts) => policy.EscalationPolicy,
  calendarOf: (facts: policy.ObligationFacts) => Calendar,
  closedOn: (obligation: ObligationLog, day: string) => boolean,
  toggleDays: (obligation: ObligationLog) => string[],
): { steps: LadderStep[]; facts: policy.ObligationFacts } {
  const steps: LadderStep[] = []
  const notices: policy.NoticeFact[] = []
  const reached: { stageId: string; dueDate: string }[] = []
  // Days on which what the scheduler sees changes: the morning after each recorded act.
  const changeDays = [
    ...new Set(
      [
        ...obligation.reports.flatMap((r) => [r.submittedOn, ...(r.review ? [r.review.on] : [])]),
        ...obligation.dueChanges.map((c) => c.on),
        ...obligation.answers.map((a) => a.on),
        ...toggleDays(obligation),
      ].map(nextDay),
    ),
  ].sort()
  const answerOf = (rank: number, issuedOn: string) => {
    const answer = obligation.answers[rank]
    if (!answer) return null
    return { on: answer.on > issuedOn ? answer.on : issuedOn, committedDate: answer.committedDate }
  }
  const withAnswers = () =>
    notices.map((n, rank) => {
      const answer = answerOf(rank, n.issuedOn)
      return answer
        ? {
            ...n,
            answeredOn: answer.on,
            ...(answer.committedDate !== null && { committedDate: answer.committedDate }),
          }
        : n
    })
  let day = obligation.openedOn
  for (let guard = 0; day <= asOf && guard < 10_000; guard++) {
    const facts = factsBefore(obligation, day, withAnswers(), reached, ladderVersion)
    const ladder = ladderOf(facts)
    const calendar = calendarOf(facts)
    if (!closedOn(obligation, day)) {
      for (const transition of policy.nextActions(facts, day, ladder, calendar)) {
        const id = stageEventId(transition.stageId, transition.dueDate, transition.obligationId)
        reached.push({ stageId: transition.stageId, dueDate: transition.dueDate })
        if (transition.actions.some((a) => a.kind === 'supervision-notice')) {
          const action = transition.actions.find((a) => a.kind === 'supervision-notice')
          if (action?.kind === 'supervision-notice') {
            // As the scheduler does: nobody is asked to answer by a day already past.
            const fromDue = calendar.addWorkingDays(
              transition.shouldHaveHappenedOn,
              action.answerWithinWorkingDays,
            )
            const answerDueOn =
              fromDue >= day ? fromDue : calendar.addWorkingDays(day, action.answerWithinWorkingDays)
            notices.push({ noticeId: id, issuedOn: day, answerDueOn, answeredOn: null })
          }
        }
        if (transition.actions.length === 0) continue
        steps.push({
          streamId: obligation.streamId,
          taskId: obligation.taskId,
          unitId: obligation.unitId,
          obligationId: obligation.obligationId,
          stageId: transition.stageId,
          id,
          on: transition.shouldHaveHappenedOn,
          policyVersion: transition.policyVersion,
        })
      }
    }
    // The next morning anything can change: a pending step falls due, or an act (or a closing)
    // becomes visible. A step due while closed waits for the next change.
    const after = factsBefore(obligation, nextDay(day), withAnswers(), reached, ladderVersion)
    const pending = policy
      .nextActions(after, '9999-12-31', ladderOf(after), calendarOf(after))
      .map((t) => t.shouldHaveHappenedOn)
      .filter((d) => d > day)
      .sort()[0]
    const change = changeDays.find((d) => d > day)
    const next = pending === undefined ? change : change === undefined || pending < change ? pending : change
    if (next === undefined) break
    day = next
  }
  const final = factsBefore(obligation, nextDay(asOf), withAnswers(), reached, ladderVersion)
  return { steps, facts: final }
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

export interface WhatIfOptions {
  /** Replay every obligation under this ladder; omitted: each under the one it recorded. */
  ladder?: policy.EscalationPolicy
  calendar: Calendar
  /** The business date to replay up to and compare lights on; default the log's last day. */
  asOf?: string
}

export async function whatIf(
  store: Pick<EventStore, 'readAll'>,
  options: WhatIfOptions,
): Promise<WhatIfReport> {
  const { obligations, closedOn, toggleDays, lastDay } = await readObligations(store)
  const asOf = options.asOf ?? lastDay
  const rules = obligationRules(
    options.ladder ?? policy.defaultEscalationPolicy,
    memoizedCalendar(options.calendar),
  )
  const override = options.ladder
  const ladderOf = (facts: policy.ObligationFacts) => (override ? override : rules.ladderOf(facts))
  const byUnit = new Map<string, UnitDifference>()
  const unit = (unitId: string) => {
    let found = byUnit.get(unitId)
    if (!found) {
      found = { unitId, onlyRecorded: [], onlyReplayed: [], lights: [] }
      byUnit.set(unitId, found)
    }
    return found
  }
  const recordedLights = new Map<string, policy.LightVerdict[]>()
  const replayedLights = new Map<string, policy.LightVerdict[]>()
  let recordedSteps = 0
  let replayedSteps = 0
  for (const obligation of obligations) {
    const recorded = obligation.steps.filter((s) => s.on <= asOf)
    const { steps, facts } = replayObligation(
      obligation,
      asOf,
      override?.version ?? obligation.ladderVersion,
      ladderOf,
      rules.calendarOf,
      closedOn,
      toggleDays,
    )
    recordedSteps += recorded.length
    replayedSteps += steps.length
    const keyOf = (s: LadderStep) => `${s.id} ${s.on}`
    const replayedKeys = new Set(steps.map(keyOf))
    const recordedKeys = new Set(recorded.map(keyOf))
    const onlyRecorded = recorded.filter((s) => !replayedKeys.has(keyOf(s)))
    const onlyReplayed = steps.filter((s) => !recordedKeys.has(keyOf(s)))
    if (onlyRecorded.length + onlyReplayed.length > 0) {
      const difference = unit(obligation.unitId)
      difference.onlyRecorded.push(...onlyRecorded)
      difference.onlyReplayed.push(...onlyReplayed)
    }
    // Lights as of the date: the log's facts under their recorded ladder, and the replay's.
    const assignment = `${obligation.taskId} ${obligation.unitId}`
    const recordedFacts: policy.ObligationFacts = {
      ...factsBefore(obligation, nextDay(asOf), obligation.notices, [], obligation.ladderVersion),
    }
    const closed = closedOn(obligation, nextDay(asOf))
    const light = (facts: policy.ObligationFacts, ladder: policy.EscalationPolicy) =>
      closed ? null : policy.lightFor(facts, asOf, ladder, rules.calendarOf(facts))
    const before = light(recordedFacts, rules.ladderOf(recordedFacts))
    const after = light(facts, ladderOf(facts))
    if (before) recordedLights.set(assignment, [...(recordedLights.get(assignment) ?? []), before])
    if (after) replayedLights.set(assignment, [...(replayedLights.get(assignment) ?? []), after])
  }
  const ladder = override ?? policy.defaultEscalationPolicy
  for (const assignment of new Set([...recordedLights.keys(), ...replayedLights.keys()])) {
    const [taskId = '', unitId = ''] = assignment.split(' ')
    const verdict = (lights: Map<string, policy.LightVerdict[]>) =>
      policy.assignmentLight(
        { assignmentId: policy.assignmentLightId(taskId, unitId), obligations: lights.get(assignment) ?? [] },
        ladder,
      )
    const before = verdict(recordedLights)
    const after = verdict(replayedLights)
    if (before.light !== after.light) {
      unit(unitId).lights.push({
        taskId,
        recorded: before.light,
        replayed: after.light,
        rule: after.reason.rule,
      })
    }
  }
  return {
    asOf,
    ladderVersion: override?.version ?? null,
    recordedSteps,
    replayedSteps,
    units: [...byUnit.values()].sort((a, b) => a.unitId.localeCompare(b.unitId)),
  }
}

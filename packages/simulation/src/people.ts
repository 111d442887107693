/**
 * The simulated people: each unit and the supervision office react to what the log says
 * happened, by planning commands on later working days. They act only through the same
 * commands and deciders as real users; a command the domain refuses is counted, never forced.
 */
import type { Calendar } from '@duban/calendar'
import {
  type Actor,
  type AssignmentCommand,
  assignmentStreamId,
  DomainError,
  type IndicatorValue,
  policy,
  type Target,
} from '@duban/domain'
import type { RecordedEvent } from '@duban/eventstore'
import type { LedgerDeps } from '@duban/ledger'
import { runAssignmentCommand } from '@duban/ledger'
import type { Agenda, Phase } from './agenda'
import {
  acknowledgeAfter,
  answerAfter,
  appliesToClose,
  assignProfiles,
  model,
  type Profile,
  reportOffset,
} from './behaviour'
import { type IndicatorContext, reportedValues } from './indicators'
import type { KeyedRandom } from './random'

const OFFICE: Actor = { userId: 'sim-ducha', unitId: null, roles: ['supervision_office'] }
const staffOf = (unitId: string): Actor => ({ userId: `${unitId}.staff`, unitId })

type Ids = { taskId: string; unitId: string }

export class People {
  refused = 0
  private readonly profiles = new Map<string, Profile>()
  private readonly attempts = new Map<string, number>()
  private readonly closed = new Set<string>()
  private readonly extensionOf = new Map<string, string>()
  private readonly planStart = new Map<string, number>()
  /** Each task's numeric targets and their context, for the figures its lead unit reports. */
  private readonly targetsOf = new Map<string, { targets: Target[]; context: IndicatorContext }>()
  private readonly leads = new Set<string>()
  /** The period each obligation covers (2023-Q3), by assignment stream and obligation. */
  private readonly periodOf = new Map<string, string>()
  private today = ''

  constructor(
    private readonly ledger: LedgerDeps,
    private readonly agenda: Agenda,
    private readonly random: KeyedRandom,
    private readonly calendar: Calendar,
    /** The last day simulated: nothing is planned after it. */
    private readonly lastDay: string,
  ) {}

  /** Draws every unit's profile once, before the plans are confirmed. */
  assignProfiles(unitIds: readonly string[]): void {
    for (const [unitId, profile] of assignProfiles(this.random, unitIds)) this.profiles.set(unitId, profile)
  }

  profile(unitId: string): Profile {
    return this.profiles.get(unitId) ?? 'diligent'
  }

  /** The simulated day now running: what is refused today is planned again from it. */
  startDay(day: string): void {
    this.today = day
  }

  /** Reacts to one event of the log, recorded on `day`. */
  observe(event: RecordedEvent, day: string): void {
    const data = event.data as Ids & Record<string, unknown>
    const ids = { taskId: data.taskId, unitId: data.unitId }
    const key = event.streamId
    const profile = data.unitId ? this.profile(data.unitId) : 'diligent'
    switch (event.type) {
      case 'PlanRegistered':
        this.planStart.set(data['planId'] as string, (data['period'] as { from: number }).from)
        return
      case 'TaskRegistered': {
        const targets = (data['targets'] as Target[]).filter((target) => target.value !== undefined)
        if (targets.length === 0) return
        const dueYear = Number((data['deadline'] as string).slice(0, 4))
        const planFrom = this.planStart.get(data['planId'] as string) ?? dueYear
        this.targetsOf.set(data.taskId, { targets, context: { planFrom, dueYear } })
        return
      }
      case 'TaskAssigned': {
        if (data['role'] === 'lead') this.leads.add(key)
        const after = acknowledgeAfter(this.random, profile, `ack ${key}`)
        if (after !== null)
          this.unit(this.after(day, after), ids, { type: 'AcknowledgeAssignment', data: ids }, `ack`)
        if (appliesToClose(this.random, profile, `close ${key}`)) {
          const on = this.calendar.addWorkingDays(
            data.dueDate as string,
            -this.random.int(`close on ${key}`, 8, 20),
          )
          this.unit(this.notBefore(on, day), ids, completion(ids), 'completion')
        }
        return
      }
      case 'ObligationOpened': {
        const obligationId = data.obligationId as string
        this.periodOf.set(`${key} ${obligationId}`, data['period'] as string)
        const due = data.dueDate as string
        if (
          profile !== 'silent' &&
          this.random.chance(`extend ${key} ${obligationId}`, model.extensionRate)
        ) {
          const requestId = `${obligationId}.x1`
          this.extensionOf.set(`${key} ${requestId}`, obligationId)
          const on = this.notBefore(
            this.calendar.addWorkingDays(due, -this.random.int(`ask ${key} ${obligationId}`, 1, 3)),
            day,
          )
          const requestedDueDate = this.calendar.addWorkingDays(due, model.extensionWorkingDays)
          const request: AssignmentCommand = {
            type: 'RequestExtension',
            data: {
              ...ids,
              requestId,
              obligationId,
              requestedDueDate,
              reason: '受客观因素影响，申请延期报送。',
            },
          }
          // If the request cannot be made (another one pending), the unit reports as it would have.
          this.unit(on, ids, request, requestId, () =>
            this.planReport(ids, key, obligationId, due, this.today, profile),
          )
          return
        }
        this.planReport(ids, key, obligationId, due, day, profile)
        return
      }
      case 'ProgressReportSubmitted': {
        const reportId = data.reportId as string
        const on = this.after(day, this.random.int(`review ${key} ${reportId}`, 1, 3))
        const review: AssignmentCommand = this.random.chance(`return ${key} ${reportId}`, model.returnRate)
          ? {
              type: 'ReturnProgressReport',
              data: { ...ids, reportId, reason: '材料不完整，请补充佐证材料后重新报送。' },
            }
          : { type: 'AcceptProgressReport', data: { ...ids, reportId } }
        this.office(on, ids, review, `review.${reportId}`)
        return
      }
      case 'ProgressReportReturned': {
        const obligationId = (data.reportId as string).replace(/\.r\d+$/, '')
        const on = this.after(day, this.random.int(`resubmit ${key} ${data.reportId}`, 2, 6))
        this.unit(on, ids, this.report(ids, key, obligationId), `report.${obligationId}`)
        return
      }
      case 'SupervisionNoticeIssued': {
        const noticeId = data.noticeId as string
        const after = answerAfter(this.random, profile, `answer ${key} ${noticeId}`)
        if (after === null) return
        const answerOn = this.after(day, Math.max(after, 1))
        // Under a ladder with fairness rules the answer commits to a date, within the bound the
        // notice states: a few working days after the answer deadline.
        const latest = data['latestCommittedDate'] as string | undefined
        const committed =
          latest === undefined
            ? undefined
            : this.calendar.addWorkingDays(
                data['answerDueDate'] as string,
                this.random.int(`commit ${key} ${noticeId}`, 1, 8),
              )
        const committedDate =
          committed === undefined
            ? undefined
            : policy.laterDate(answerOn, policy.earlierDate(committed, latest!))
        const answer: AssignmentCommand = {
          type: 'AnswerSupervisionNotice',
          data: {
            ...ids,
            noticeId,
            answer: '已收悉督办单，正在加快推进，将尽快报送进展。',
            evidence: [],
            ...(committedDate !== undefined && { committedDate }),
          },
        }
        this.unit(answerOn, ids, answer, `answer.${noticeId}`)
        return
      }
      case 'ExtensionRequested': {
        const requestId = data.requestId as string
        const on = this.after(day, this.random.int(`decide ${key} ${requestId}`, 1, 2))
        const decision: AssignmentCommand = this.random.chance(`grant ${key} ${requestId}`, model.grantRate)
          ? { type: 'GrantExtension', data: { ...ids, requestId } }
          : { type: 'RefuseExtension', data: { ...ids, requestId, reason: '理由不充分，请按期报送。' } }
        this.office(on, ids, decision, `decide.${requestId}`)
        return
      }
      case 'ExtensionGranted':
      case 'ExtensionRefused': {
        const obligationId = this.extensionOf.get(`${key} ${data.requestId as string}`)
        if (!obligationId) return
        const due =
          event.type === 'ExtensionGranted'
            ? this.calendar.addWorkingDays(data.newDueDate as string, -this.random.int(`after ${key}`, 0, 3))
            : this.after(day, this.random.int(`after refusal ${key}`, 1, 5))
        this.unit(
          this.notBefore(due, day),
          ids,
          this.report(ids, key, obligationId),
          `report.${obligationId}`,
        )
        return
      }
      case 'CompletionRequested': {
        const n = this.next(`completion ${key}`)
        const on = this.after(day, this.random.int(`verify ${key} ${n}`, 1, 3))
        const verdict: AssignmentCommand = this.random.chance(`send back ${key} ${n}`, model.sendBackRate)
          ? { type: 'SendBackCompletion', data: { ...ids, reason: '佐证材料不足，暂不予销号。' } }
          : { type: 'VerifyCompletion', data: ids }
        this.office(on, ids, verdict, `verify.${n}`)
        return
      }
      case 'CompletionSentBack': {
        const on = this.after(day, this.random.int(`reapply ${key}`, 3, 8))
        this.unit(on, ids, completion(ids), 'completion')
        return
      }
      case 'AssignmentClosed':
        this.closed.add(key)
        return
      case 'AssignmentReopened':
        this.closed.delete(key)
        return
    }
  }

  private planReport(
    ids: Ids,
    key: string,
    obligationId: string,
    due: string,
    day: string,
    profile: Profile,
  ): void {
    const offset = reportOffset(this.random, profile, `report ${key} ${obligationId}`)
    if (offset === null) return
    const on = this.notBefore(this.calendar.addWorkingDays(due, offset), day)
    this.unit(on, ids, this.report(ids, key, obligationId), `report.${obligationId}`)
  }

  /** The next attempt's report for an obligation: `2023-Q3.r1`, then `.r2` after a return. */
  private report(ids: Ids, key: string, obligationId: string): () => AssignmentCommand {
    return () => {
      const reportId = `${obligationId}.r${this.next(`report ${key} ${obligationId}`)}`
      return {
        type: 'SubmitProgressReport',
        data: {
          ...ids,
          reportId,
          obligationId,
          narrative: `${obligationId} 期间按计划推进各项工作，阶段性目标基本完成。`,
          indicatorValues: this.figures(ids, key, obligationId),
          evidence: [],
        },
      }
    }
  }

  /** The lead unit reports its task's figures for the obligation's period; others report none. */
  private figures(ids: Ids, key: string, obligationId: string): IndicatorValue[] {
    const task = this.targetsOf.get(ids.taskId)
    const period = this.periodOf.get(`${key} ${obligationId}`)
    if (!task || !period || !this.leads.has(key)) return []
    return reportedValues(task.targets, period, task.context, this.random, key)
  }

  private next(counter: string): number {
    const n = (this.attempts.get(counter) ?? 0) + 1
    this.attempts.set(counter, n)
    return n
  }

  private unit(
    day: string,
    ids: Ids,
    command: AssignmentCommand | (() => AssignmentCommand),
    label: string,
    onRefused?: () => void,
  ): void {
    this.plan(day, 'unit', ids, command, staffOf(ids.unitId), label, onRefused)
  }

  private office(day: string, ids: Ids, command: AssignmentCommand, label: string): void {
    this.plan(day, 'office', ids, command, OFFICE, label)
  }

  private plan(
    day: string,
    phase: Phase,
    ids: Ids,
    command: AssignmentCommand | (() => AssignmentCommand),
    actor: Actor,
    label: string,
    onRefused?: () => void,
  ): void {
    if (day > this.lastDay) return
    const streamId = assignmentStreamId(ids.taskId, ids.unitId)
    this.agenda.add(day, phase, async () => {
      if (this.closed.has(streamId)) return
      const built = typeof command === 'function' ? command() : command
      const commandId = `sim:${streamId}:${label}:${this.attempts.get(`cmd ${streamId} ${label}`) ?? 0}`
      this.next(`cmd ${streamId} ${label}`)
      try {
        await runAssignmentCommand(this.ledger, built, {
          actor,
          commandId,
          isWorkingDay: (date) => this.calendar.isWorkingDay(date),
        })
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        this.refused++
        onRefused?.()
      }
    })
  }

  /** `n` working days after `day` (at least the next working day). */
  private after(day: string, n: number): string {
    return this.calendar.addWorkingDays(day, Math.max(1, n))
  }

  /** `on`, or the next working day when `on` is not after `day`. */
  private notBefore(on: string, day: string): string {
    return on > day ? on : this.after(day, 1)
  }
}

function completion(ids: Ids): AssignmentCommand {
  return {
    type: 'RequestCompletion',
    data: { ...ids, summary: '本单位承担的任务已按计划完成，申请销号。', evidence: [] },
  }
}

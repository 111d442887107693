/**
 * The scheduler turns the passing of time into events. Each run, for the business date of the
 * clock's "now":
 * 1. brings its due index up to the log (a projection, exactly once);
 * 2. opens the periodic obligations whose period has begun (报送义务);
 * 3. walks the escalation ladder for every obligation with a step due: due-soon and overdue
 *    reminders, the supervision notice, the escalation — each through `handleCommand` as the
 *    system actor, like any other command.
 *
 * Exactly once: every id and command id is derived from rule, obligation and due date, so a
 * rerun, a restart after a kill, or two schedulers at the same moment are refused by the domain
 * and deduplicated by the store. After downtime a step is recorded with the business date it
 * should have happened on.
 */
import { businessDateOf, type Calendar, latestCalendar } from '@duban/calendar'
import { type Actor, type AssignmentCommand, DomainError, policy } from '@duban/domain'
import {
  type LedgerDeps,
  runAssignmentCommand,
  transferAssignmentsOfCeasedUnits,
  type UnitsOverTime,
} from '@duban/ledger'
import type { ProjectionRunner } from '@duban/projections'
import { periodsOf } from './cadence'
import { DUE_OBLIGATIONS_SQL, DUE_OPENINGS_SQL, type DueObligation, type DueOpening } from './due-index'
import { schedulerCommandId } from './ids'
import { ladderCommands } from './ladder-commands'
import { type ObligationRules, obligationRules } from './obligation-rules'

export const SCHEDULER_ACTOR: Actor = { userId: 'system:scheduler', unitId: null, roles: ['scheduler'] }

export interface SchedulerOptions {
  ledger: LedgerDeps
  /** A runner holding `dueIndexProjection` over the same store. */
  runner: ProjectionRunner
  ladder?: policy.EscalationPolicy
  calendar?: Calendar
  /** Streams worked on at once; appends of different streams share a group commit. Default 32. */
  concurrency?: number
  /**
   * The unit directory. With it, each run first passes the open assignments of units that have
   * ceased to exist to their successors (移交/承接), and no step is taken for a unit that does
   * not exist that day.
   */
  units?: UnitsOverTime
}

export interface SchedulerRun {
  today: string
  /** Assignments passed from a ceased unit to its successor in this run. */
  transferred: number
  obligationsOpened: number
  reminders: number
  notices: number
  escalations: number
  /** Steps another run had already recorded: found again, written again never. */
  alreadyRecorded: number
  /** Steps the domain refused (say, the task was closed in the meantime), with the reason. */
  refused: { streamId: string; id: string; reason: string }[]
}

type OpenObligationCommand = Extract<AssignmentCommand, { type: 'OpenObligation' }>

export class Scheduler {
  readonly ladder: policy.EscalationPolicy
  readonly calendar: Calendar
  private readonly ledger: LedgerDeps
  private readonly runner: ProjectionRunner
  private readonly concurrency: number
  private readonly isWorkingDay: (date: string) => boolean
  private readonly rules: ObligationRules
  private readonly units: UnitsOverTime | undefined
  private readonly unitExistsOn: ((unitId: string, date: string) => boolean) | undefined

  constructor(options: SchedulerOptions) {
    this.ledger = options.ledger
    this.runner = options.runner
    this.ladder = options.ladder ?? policy.defaultEscalationPolicy
    this.calendar = options.calendar ?? latestCalendar()
    this.concurrency = options.concurrency ?? 32
    const calendar = this.calendar
    this.isWorkingDay = (date) => calendar.isWorkingDay(date)
    this.rules = obligationRules(this.ladder, calendar)
    this.units = options.units
    const units = options.units
    // The scheduler's guard is "not ceased": a unit the directory does not know (a test's, another
    // city's) has not ceased; assigning unknown units is refused where assignments are made.
    this.unitExistsOn =
      units &&
      ((unitId, date) => {
        const ceasedOn = units.ceasedOn(unitId)
        return ceasedOn === null || date < ceasedOn
      })
  }

  async runOnce(): Promise<SchedulerRun> {
    const today = businessDateOf(this.ledger.clock.now())
    const run: SchedulerRun = {
      today,
      transferred: 0,
      obligationsOpened: 0,
      reminders: 0,
      notices: 0,
      escalations: 0,
      alreadyRecorded: 0,
      refused: [],
    }
    await this.runner.catchUp()
    await this.transferCeasedUnits(today, run)
    await this.openObligations(today, run)
    await this.runner.catchUp()
    await this.walkLadder(today, run)
    await this.runner.catchUp()
    return run
  }

  /**
   * Units that have ceased to exist by today pass their open assignments on before anything is
   * opened or walked: a merger taking effect today is handled in today's run. The index names
   * the open (not closed, not yet passed-on) assignments of each unit.
   */
  private async transferCeasedUnits(today: string, run: SchedulerRun): Promise<void> {
    if (!this.units) return
    const openTasksOf = this.runner.db.prepare(
      'SELECT task_id FROM sched_assignments WHERE unit_id = ? AND closed = 0 ORDER BY task_id',
    )
    const result = await transferAssignmentsOfCeasedUnits(this.ledger, {
      units: this.units,
      since: '0000-01-01',
      today,
      tasksOf: (unitId) => openTasksOf.pluck().all(unitId) as string[],
      actor: SCHEDULER_ACTOR,
    })
    run.transferred += result.transferred.length
    if (result.transferred.length > 0) await this.runner.catchUp()
  }

  private async openObligations(today: string, run: SchedulerRun): Promise<void> {
    const rows = this.runner.db.prepare(DUE_OPENINGS_SQL).all(today) as {
      stream_id: string
      task_id: string
      unit_id: string
      window_from: string
      due_date: string
      opened: string
      cadence: 'monthly' | 'quarterly'
      due_working_day: number
    }[]
    const openings: DueOpening[] = rows.map((row) => ({
      streamId: row.stream_id,
      taskId: row.task_id,
      unitId: row.unit_id,
      windowFrom: row.window_from,
      dueDate: row.due_date,
      opened: JSON.parse(row.opened) as string[],
      reporting: { cadence: row.cadence, dueWorkingDay: row.due_working_day },
    }))
    await forEachLimited(openings, this.concurrency, async (opening) => {
      // No obligation for a unit after it ceased to exist (an abolished unit without successor).
      if (this.unitExistsOn && !this.unitExistsOn(opening.unitId, today)) return
      const opened = new Set(opening.opened)
      const window = { from: opening.windowFrom, to: opening.dueDate }
      for (const period of periodsOf(window, opening.reporting, this.calendar)) {
        if (opened.has(period.label) || period.openOn > today) continue
        const command: OpenObligationCommand = {
          type: 'OpenObligation',
          data: {
            taskId: opening.taskId,
            unitId: opening.unitId,
            obligationId: period.label,
            period: period.label,
            dueDate: period.dueDate,
            kind: 'periodic',
            calendarVersion: this.calendar.version,
            ladderVersion: this.ladder.version,
          },
        }
        const outcome = await this.record(opening.streamId, period.label, command, period.openOn, today, run)
        if (outcome === 'written') run.obligationsOpened++
      }
    })
  }

  private async walkLadder(today: string, run: SchedulerRun): Promise<void> {
    const rows = this.runner.db.prepare(DUE_OBLIGATIONS_SQL).all(today) as {
      stream_id: string
      task_id: string
      unit_id: string
      facts: string
    }[]
    const byStream = new Map<string, DueObligation[]>()
    for (const row of rows) {
      const due: DueObligation = {
        streamId: row.stream_id,
        taskId: row.task_id,
        unitId: row.unit_id,
        facts: JSON.parse(row.facts) as policy.ObligationFacts,
      }
      byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), due])
    }
    // One stream's obligations in turn (they share its expected version); streams side by side.
    await forEachLimited([...byStream.values()], this.concurrency, async (obligations) => {
      for (const due of obligations) await this.walkObligation(due, today, run)
    })
  }

  private async walkObligation(due: DueObligation, today: string, run: SchedulerRun): Promise<void> {
    // No step for a unit that has ceased (one abolished without a successor keeps its record).
    if (this.unitExistsOn && !this.unitExistsOn(due.unitId, today)) return
    let noticeId = due.facts.notices.at(-1)?.noticeId
    const ladder = this.rules.ladderOf(due.facts)
    const calendar = this.rules.calendarOf(due.facts)
    for (const transition of policy.nextActions(due.facts, today, ladder, calendar)) {
      const target = { taskId: due.taskId, unitId: due.unitId, today, noticeId }
      for (const { command, id } of ladderCommands(transition, target, ladder, calendar)) {
        const outcome = await this.record(
          due.streamId,
          id,
          command,
          transition.shouldHaveHappenedOn,
          today,
          run,
        )
        if (outcome === 'refused') continue
        if (command.type === 'IssueSupervisionNotice') noticeId = id
        if (outcome !== 'written') continue
        if (command.type === 'SendReminder') run.reminders++
        else if (command.type === 'IssueSupervisionNotice') run.notices++
        else if (command.type === 'EscalateToLeadership') run.escalations++
      }
    }
  }

  private async record(
    streamId: string,
    id: string,
    command: AssignmentCommand,
    shouldHaveHappenedOn: string,
    today: string,
    run: SchedulerRun,
  ): Promise<'written' | 'duplicate' | 'refused'> {
    try {
      const result = await runAssignmentCommand(this.ledger, command, {
        actor: SCHEDULER_ACTOR,
        commandId: schedulerCommandId(streamId, id),
        isWorkingDay: this.isWorkingDay,
        ...(this.unitExistsOn && { unitExistsOn: this.unitExistsOn }),
        ...(shouldHaveHappenedOn < today && { businessDate: shouldHaveHappenedOn }),
      })
      if (result.duplicate || result.events.length === 0) {
        run.alreadyRecorded++
        return 'duplicate'
      }
      return 'written'
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      run.refused.push({ streamId, id, reason: error.message })
      return 'refused'
    }
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

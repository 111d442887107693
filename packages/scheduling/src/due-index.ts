/**
 * The scheduler's due index: a projection that keeps, for every assignment, the next day an
 * obligation must be opened, and for every obligation its ladder facts and the next day a ladder
 * stage falls due. The scheduler asks `next_… <= today` through an index, so finding what is due
 * costs time in proportion to what is due, never to all open obligations.
 *
 * Rows and checkpoint commit together (the projection runner), so a scheduler killed mid-run
 * resumes from an index that matches the log it has read.
 */

import type { Calendar } from '@duban/calendar'
import type { DomainEvent, ReportingCadence } from '@duban/domain'
import { policy } from '@duban/domain'
import type { Projection, ProjectionDb } from '@duban/projections'
import { eventDay } from '@duban/projections'
import { periodsOf } from './cadence'
import { obligationRules } from './obligation-rules'

export interface DueIndexOptions {
  /** The ladder new obligations are opened under; others walk the one they recorded. */
  ladder: policy.EscalationPolicy
  /** Today's calendar; an obligation's dates are counted with the version it recorded. */
  workingDays: Calendar
}

const FAR_FUTURE = '9999-12-31'

const handles = [
  'PlanRegistered',
  'TaskRegistered',
  'TaskClosed',
  'TaskReopened',
  'TaskAssigned',
  'ObligationOpened',
  'ProgressReportSubmitted',
  'ProgressReportAccepted',
  'ProgressReportReturned',
  'ReminderSent',
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'EscalatedToLeadership',
  'ExtensionGranted',
  'AssignmentClosed',
  'AssignmentTransferred',
  'AssignmentReopened',
] as const

interface AssignmentRow {
  stream_id: string
  task_id: string
  window_from: string
  due_date: string
  closed: number
  opened: string
}

interface ObligationRow {
  stream_id: string
  obligation_id: string
  facts: string
}

type HandledEvent = Extract<DomainEvent, { type: (typeof handles)[number] }>

export function dueIndexProjection(options: DueIndexOptions): Projection {
  const { workingDays } = options
  const rules = obligationRules(options.ladder, workingDays)

  /** The first unrecorded ladder transition's date, whatever today is; null when none can come. */
  const nextActionOn = (facts: policy.ObligationFacts): string | null => {
    const pending = policy.nextActions(facts, FAR_FUTURE, rules.ladderOf(facts), rules.calendarOf(facts))
    return pending.map((p) => p.shouldHaveHappenedOn).sort()[0] ?? null
  }

  /** The due date of the ladder round a step on `day` belongs to (its id and stage count by it). */
  const roundDue = (facts: policy.ObligationFacts, day: string) =>
    policy.roundDueDate(facts, day, rules.ladderOf(facts), rules.calendarOf(facts))

  const isStopped = (db: ProjectionDb, streamId: string): boolean => {
    const row = db
      .prepare(
        `SELECT a.closed OR COALESCE(t.closed, 0) AS stopped FROM sched_assignments a
         LEFT JOIN sched_tasks t ON t.task_id = a.task_id WHERE a.stream_id = ?`,
      )
      .get(streamId) as { stopped: number } | undefined
    return row?.stopped === 1
  }

  /** `stopped`: the assignment or its task is closed, so no ladder step is due. */
  const saveFacts = (db: ProjectionDb, streamId: string, facts: policy.ObligationFacts, stopped: boolean) => {
    db.prepare(
      'UPDATE sched_obligations SET facts = ?, stopped = ?, next_action_on = ? WHERE stream_id = ? AND obligation_id = ?',
    ).run(
      JSON.stringify(facts),
      stopped ? 1 : 0,
      stopped ? null : nextActionOn(facts),
      streamId,
      facts.obligationId,
    )
  }

  const update = (
    db: ProjectionDb,
    streamId: string,
    obligationId: string | undefined,
    change: (facts: policy.ObligationFacts) => policy.ObligationFacts,
  ) => {
    if (obligationId === undefined) return
    const row = db
      .prepare('SELECT facts, stopped FROM sched_obligations WHERE stream_id = ? AND obligation_id = ?')
      .get(streamId, obligationId) as { facts: string; stopped: number } | undefined
    if (row)
      saveFacts(db, streamId, change(JSON.parse(row.facts) as policy.ObligationFacts), row.stopped === 1)
  }

  const obligationOfRef = (db: ProjectionDb, streamId: string, refId: string) =>
    (
      db
        .prepare('SELECT obligation_id FROM sched_refs WHERE stream_id = ? AND ref_id = ?')
        .get(streamId, refId) as { obligation_id: string } | undefined
    )?.obligation_id

  const addRef = (db: ProjectionDb, streamId: string, refId: string, obligationId: string) =>
    db
      .prepare('INSERT OR REPLACE INTO sched_refs (stream_id, ref_id, obligation_id) VALUES (?, ?, ?)')
      .run(streamId, refId, obligationId)

  /** Recomputes an assignment's next opening day. */
  const refreshOpening = (db: ProjectionDb, streamId: string) => {
    const row = db.prepare('SELECT * FROM sched_assignments WHERE stream_id = ?').get(streamId) as
      | AssignmentRow
      | undefined
    if (!row) return
    db.prepare('UPDATE sched_assignments SET next_open_on = ? WHERE stream_id = ?').run(
      isStopped(db, streamId) ? null : nextOpenOn(db, row),
      streamId,
    )
  }

  /** Recomputes an assignment's next opening day and every obligation's next action day. */
  const refreshAssignment = (db: ProjectionDb, streamId: string) => {
    refreshOpening(db, streamId)
    const obligations = db
      .prepare('SELECT obligation_id, facts FROM sched_obligations WHERE stream_id = ?')
      .all(streamId) as ObligationRow[]
    const stopped = isStopped(db, streamId)
    for (const obligation of obligations) saveFacts(db, streamId, JSON.parse(obligation.facts), stopped)
  }

  const nextOpenOn = (db: ProjectionDb, row: AssignmentRow): string | null => {
    const reporting = reportingOf(db, row.task_id)
    if (!reporting) return null
    const opened = new Set(JSON.parse(row.opened) as string[])
    const window = { from: row.window_from, to: row.due_date }
    return (
      periodsOf(window, reporting, workingDays)
        .filter((period) => !opened.has(period.label))
        .map((period) => period.openOn)[0] ?? null
    )
  }

  const reportingOf = (db: ProjectionDb, taskId: string): ReportingCadence | undefined => {
    const row = db
      .prepare(
        `SELECT p.cadence, p.due_working_day FROM sched_tasks t JOIN sched_plans p ON p.plan_id = t.plan_id
         WHERE t.task_id = ?`,
      )
      .get(taskId) as { cadence: 'monthly' | 'quarterly'; due_working_day: number } | undefined
    return row && { cadence: row.cadence, dueWorkingDay: row.due_working_day }
  }

  const taskEvent = (db: ProjectionDb, taskId: string, closed: 0 | 1) => {
    db.prepare('UPDATE sched_tasks SET closed = ? WHERE task_id = ?').run(closed, taskId)
    const streams = db.prepare('SELECT stream_id FROM sched_assignments WHERE task_id = ?').all(taskId) as {
      stream_id: string
    }[]
    for (const { stream_id } of streams) refreshAssignment(db, stream_id)
  }

  return {
    name: 'scheduler-due-index',
    // 2: facts carry ladder and calendar versions, committed dates, round due dates.
    // 3: an assignment passed to a successor (移交) stops like a closed one.
    version: 3,
    handles,
    setup(db) {
      db.exec(`
        CREATE TABLE sched_plans (
          plan_id TEXT PRIMARY KEY, cadence TEXT NOT NULL, due_working_day INTEGER NOT NULL);
        CREATE TABLE sched_tasks (
          task_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, starts_on TEXT,
          closed INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE sched_assignments (
          stream_id TEXT PRIMARY KEY, task_id TEXT NOT NULL, unit_id TEXT NOT NULL,
          window_from TEXT NOT NULL, due_date TEXT NOT NULL, closed INTEGER NOT NULL DEFAULT 0,
          opened TEXT NOT NULL DEFAULT '[]', next_open_on TEXT);
        CREATE INDEX sched_assignments_task ON sched_assignments (task_id);
        CREATE INDEX sched_assignments_next_open ON sched_assignments (next_open_on)
          WHERE next_open_on IS NOT NULL;
        CREATE TABLE sched_obligations (
          stream_id TEXT NOT NULL, obligation_id TEXT NOT NULL, task_id TEXT NOT NULL,
          unit_id TEXT NOT NULL, kind TEXT NOT NULL, period TEXT NOT NULL, facts TEXT NOT NULL,
          stopped INTEGER NOT NULL DEFAULT 0, next_action_on TEXT,
          PRIMARY KEY (stream_id, obligation_id));
        CREATE INDEX sched_obligations_next_action ON sched_obligations (next_action_on)
          WHERE next_action_on IS NOT NULL;
        CREATE TABLE sched_refs (
          stream_id TEXT NOT NULL, ref_id TEXT NOT NULL, obligation_id TEXT NOT NULL,
          PRIMARY KEY (stream_id, ref_id));
      `)
    },
    apply(db, recorded) {
      // The runner hands decoded (upcast) events of the types in `handles`: narrowed once here.
      const event = { type: recorded.type, data: recorded.data } as HandledEvent
      const stream = recorded.streamId
      const day = eventDay(recorded)
      switch (event.type) {
        case 'PlanRegistered': {
          const { planId, reportingPolicy } = event.data
          db.prepare('INSERT OR REPLACE INTO sched_plans VALUES (?, ?, ?)').run(
            planId,
            reportingPolicy.cadence,
            reportingPolicy.dueWorkingDay,
          )
          return
        }
        case 'TaskRegistered': {
          const { taskId, planId, startsOn } = event.data
          db.prepare('INSERT OR REPLACE INTO sched_tasks (task_id, plan_id, starts_on) VALUES (?, ?, ?)').run(
            taskId,
            planId,
            startsOn ?? null,
          )
          return
        }
        case 'TaskClosed':
          return taskEvent(db, event.data.taskId, 1)
        case 'TaskReopened':
          return taskEvent(db, event.data.taskId, 0)
        case 'TaskAssigned': {
          const { data } = event
          const task = db.prepare('SELECT starts_on FROM sched_tasks WHERE task_id = ?').get(data.taskId) as
            | { starts_on: string | null }
            | undefined
          const startsOn = task?.starts_on
          const from = startsOn && startsOn > day ? startsOn : day
          db.prepare(
            'INSERT OR REPLACE INTO sched_assignments (stream_id, task_id, unit_id, window_from, due_date) VALUES (?, ?, ?, ?, ?)',
          ).run(stream, data.taskId, data.unitId, from, data.dueDate)
          return refreshOpening(db, stream)
        }
        case 'ObligationOpened': {
          const { data } = event
          const { obligationId, period, dueDate, kind, ladderVersion, calendarVersion } = data
          const facts: policy.ObligationFacts = {
            obligationId,
            dueDate,
            ...(ladderVersion !== undefined && { ladderVersion }),
            ...(calendarVersion !== undefined && { calendarVersion }),
            reports: [],
            notices: [],
            stagesReached: [],
          }
          db.prepare(
            `INSERT OR REPLACE INTO sched_obligations
             (stream_id, obligation_id, task_id, unit_id, kind, period, facts) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          ).run(stream, obligationId, data.taskId, data.unitId, kind, period, JSON.stringify(facts))
          saveFacts(db, stream, facts, isStopped(db, stream))
          if (kind === 'periodic') {
            const row = db.prepare('SELECT opened FROM sched_assignments WHERE stream_id = ?').get(stream) as
              | { opened: string }
              | undefined
            const opened = JSON.parse(row?.opened ?? '[]') as string[]
            db.prepare('UPDATE sched_assignments SET opened = ? WHERE stream_id = ?').run(
              JSON.stringify([...opened, obligationId]),
              stream,
            )
            refreshOpening(db, stream)
          }
          return
        }
        case 'ProgressReportSubmitted': {
          const { reportId, obligationId } = event.data
          if (obligationId === undefined) return
          addRef(db, stream, reportId, obligationId)
          return update(db, stream, obligationId, (facts) => ({
            ...facts,
            reports: [...facts.reports, { reportId, submittedOn: day, review: null }],
          }))
        }
        case 'ProgressReportAccepted':
        case 'ProgressReportReturned': {
          const { reportId } = event.data
          const outcome = event.type === 'ProgressReportAccepted' ? 'accepted' : 'returned'
          return update(db, stream, obligationOfRef(db, stream, reportId), (facts) => ({
            ...facts,
            reports: facts.reports.map((r) =>
              r.reportId === reportId ? { ...r, review: { outcome, on: day } } : r,
            ),
          }))
        }
        case 'ReminderSent':
        case 'EscalatedToLeadership': {
          const { obligationId, stageId } = event.data
          if (stageId === undefined) return
          return update(db, stream, obligationId, (facts) => ({
            ...facts,
            stagesReached: [...facts.stagesReached, { stageId, dueDate: roundDue(facts, day) }],
          }))
        }
        case 'SupervisionNoticeIssued': {
          const { noticeId, obligationId, stageId, answerDueDate } = event.data
          if (obligationId === undefined) return
          addRef(db, stream, noticeId, obligationId)
          const notice = { noticeId, issuedOn: day, answerDueOn: answerDueDate, answeredOn: null }
          return update(db, stream, obligationId, (facts) => ({
            ...facts,
            notices: [...facts.notices, notice],
            stagesReached:
              stageId === undefined
                ? facts.stagesReached
                : [...facts.stagesReached, { stageId, dueDate: roundDue(facts, day) }],
          }))
        }
        case 'SupervisionNoticeAnswered': {
          const { noticeId, committedDate } = event.data
          return update(db, stream, obligationOfRef(db, stream, noticeId), (facts) => ({
            ...facts,
            notices: facts.notices.map((n) =>
              n.noticeId === noticeId
                ? { ...n, answeredOn: day, ...(committedDate !== undefined && { committedDate }) }
                : n,
            ),
          }))
        }
        case 'ExtensionGranted': {
          const { obligationId, newDueDate } = event.data
          if (obligationId !== undefined) {
            return update(db, stream, obligationId, (facts) => ({ ...facts, dueDate: newDueDate }))
          }
          // The assignment's own due date moved: its reporting window grows.
          db.prepare('UPDATE sched_assignments SET due_date = ? WHERE stream_id = ?').run(newDueDate, stream)
          return refreshAssignment(db, stream)
        }
        case 'AssignmentClosed':
        case 'AssignmentTransferred':
        case 'AssignmentReopened':
          db.prepare('UPDATE sched_assignments SET closed = ? WHERE stream_id = ?').run(
            event.type === 'AssignmentReopened' ? 0 : 1,
            stream,
          )
          return refreshAssignment(db, stream)
      }
    },
  }
}

/** An obligation due for a ladder step, as the index holds it. */
export interface DueObligation {
  streamId: string
  taskId: string
  unitId: string
  facts: policy.ObligationFacts
}

/** An assignment with an obligation to open, as the index holds it. */
export interface DueOpening {
  streamId: string
  taskId: string
  unitId: string
  windowFrom: string
  dueDate: string
  opened: string[]
  reporting: ReportingCadence
}

/**
 * Obligations with a ladder step due by `today`: a range scan of the next-action index, never a
 * table scan. INDEXED BY pins the plan — on a small table SQLite would otherwise happily scan.
 */
export const DUE_OBLIGATIONS_SQL = `SELECT stream_id, task_id, unit_id, facts
  FROM sched_obligations INDEXED BY sched_obligations_next_action
  WHERE next_action_on <= ? ORDER BY next_action_on`

/** Assignments with an obligation to open by `today`: an index range scan, never a table scan. */
export const DUE_OPENINGS_SQL = `SELECT a.stream_id, a.task_id, a.unit_id, a.window_from, a.due_date, a.opened,
    p.cadence, p.due_working_day
  FROM sched_assignments AS a INDEXED BY sched_assignments_next_open
  JOIN sched_tasks t ON t.task_id = a.task_id JOIN sched_plans p ON p.plan_id = t.plan_id
  WHERE a.next_open_on <= ? ORDER BY a.next_open_on`

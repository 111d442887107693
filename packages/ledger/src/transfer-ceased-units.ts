/**
 * Units over time, the process: when the unit directory records that a unit ceased to exist
 * (merged, abolished), each of its open assignments passes to the unit that carries its duties
 * from then on — 承接 on the successor's stream (its assignment, if it had none on the task),
 * then 移交 on the ceasing unit's. Each command's id derives from the task, the unit and the
 * day, so a rerun (or a resumed one) writes nothing twice. Run it on the day the change takes
 * effect, before the scheduler's morning run, so no step falls to a unit that is gone.
 */
import {
  type Actor,
  assignmentDecider,
  assignmentStreamId,
  DomainError,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import { handleCommand, type LedgerDeps } from './handle-command'
import { loadState } from './load-state'

/** What the process needs of a unit directory (`@duban/units`' UnitDirectory fits). */
export interface UnitsOverTime {
  existsOn(id: string, date: string): boolean
  ceasedOn(id: string): string | null
  ceasedBetween(after: string, onOrBefore: string): readonly { id: string }[]
  answerableOn(id: string, date: string): { id: string } | undefined
}

export interface TransferRun {
  /** Assignments passed on: from, to, task. */
  transferred: { taskId: string; fromUnitId: string; toUnitId: string; effectiveOn: string }[]
  /** Ceased units with no successor: their assignments stay with them, taking no new obligation. */
  withoutSuccessor: string[]
}

export async function transferAssignmentsOfCeasedUnits(
  ledger: LedgerDeps,
  input: {
    units: UnitsOverTime
    /** Units that ceased after this day and on or before `today` are handled. */
    since: string
    today: string
    /** The tasks a unit is assigned to (from a read model, the scheduler's index, or the log). */
    tasksOf: (unitId: string) => Iterable<string> | Promise<Iterable<string>>
    actor: Actor
  },
): Promise<TransferRun> {
  const { units, today } = input
  const run: TransferRun = { transferred: [], withoutSuccessor: [] }
  const unitExistsOn = (unitId: string, date: string) => units.existsOn(unitId, date)
  for (const ceased of units.ceasedBetween(input.since, today)) {
    const effectiveOn = units.ceasedOn(ceased.id)!
    const successor = units.answerableOn(ceased.id, effectiveOn)
    if (!successor) {
      run.withoutSuccessor.push(ceased.id)
      continue
    }
    const reason = `单位撤并: ${ceased.id} 自 ${effectiveOn} 起不再存在, 其交办事项由 ${successor.id} 承接`
    for (const taskId of await input.tasksOf(ceased.id)) {
      const fromStream = assignmentStreamId(taskId, ceased.id)
      const { state: from } = await loadState(ledger, assignmentDecider, fromStream)
      if (from.status === 'unassigned' || from.status === 'closed' || from.transferredTo) continue
      const { state: task } = await loadState(ledger, taskDecider, taskStreamId(taskId))
      const transferId = `${ceased.id}-${effectiveOn}`
      const context = { task, unitExistsOn }
      const key = `transfer:${transferId}:${taskId}`
      try {
        await handleCommand(ledger, assignmentDecider, {
          streamId: assignmentStreamId(taskId, successor.id),
          command: {
            type: 'TakeOverAssignment',
            data: {
              taskId,
              unitId: successor.id,
              fromUnitId: ceased.id,
              role: from.role,
              dueDate: from.dueDate,
              effectiveOn,
              reason,
              transferId,
            },
          },
          actor: input.actor,
          commandId: `${key}:in`,
          businessDate: effectiveOn,
          context,
        })
      } catch (error) {
        // Taken over already (a resumed run): go on to record the hand-over on the old stream.
        if (!(error instanceof DomainError && error.code === 'conflict')) throw error
      }
      await handleCommand(ledger, assignmentDecider, {
        streamId: fromStream,
        command: {
          type: 'TransferAssignment',
          data: { taskId, unitId: ceased.id, toUnitId: successor.id, effectiveOn, reason, transferId },
        },
        actor: input.actor,
        commandId: `${key}:out`,
        businessDate: effectiveOn,
        context,
      })
      run.transferred.push({ taskId, fromUnitId: ceased.id, toUnitId: successor.id, effectiveOn })
    }
  }
  return run
}

/**
 * Units over time: when a unit ceases to exist (merged, abolished), its open assignments pass
 * to its successor by two explicit events — 移交 on the ceasing unit's stream, 承接 on the
 * successor's — so each unit's history shows the hand-over, and the ceasing unit's stream takes
 * no further command (no obligation, reminder or notice after it ceased).
 */
import { businessDateOf } from '@duban/calendar/business-date'
import { conflict, invalid } from '../errors'
import { requireSupervisionOfficeOrScheduler } from '../guards'
import type { AssignmentCommandContext, CommandData, RegisteredTask } from './context'
import { describe } from './context'
import type { AssignmentEvent } from './events'
import type { Assignment, AssignmentState } from './state'

/** A unit that the directory says does not exist on `date` is refused. */
export function requireUnitExists(
  context: AssignmentCommandContext,
  unitId: string,
  date: string,
  action: string,
) {
  if (context.unitExistsOn && !context.unitExistsOn(unitId, date)) {
    throw invalid(
      `unit ${unitId} does not exist on ${date} (unknown, not yet created, or ceased); cannot ${action}`,
      {
        unitId,
        date,
      },
    )
  }
}

/** An assignment passed on takes no further command. */
export function requireNotTransferred(assignment: Assignment): void {
  if (assignment.transferredTo) {
    const { unitId, effectiveOn } = assignment.transferredTo
    throw conflict(
      `${describe(assignment)} passed to unit ${unitId} on ${effectiveOn} (移交); act on ${unitId}'s assignment`,
      { successor: unitId },
    )
  }
}

export function transferAssignment(
  data: CommandData<'TransferAssignment'>,
  assignment: Assignment,
  context: AssignmentCommandContext,
): AssignmentEvent[] {
  requireSupervisionOfficeOrScheduler(context, 'pass an assignment to a successor unit (移交)')
  if (assignment.status === 'closed')
    throw conflict(`${describe(assignment)} is closed (销号); nothing to pass on`)
  if (data.toUnitId === data.unitId) throw invalid(`unit ${data.unitId} cannot pass its assignment to itself`)
  if (data.effectiveOn > businessDateOf(context.now)) {
    throw invalid(`the hand-over takes effect on ${data.effectiveOn}, after today; record it on the day`)
  }
  requireUnitExists(context, data.toUnitId, data.effectiveOn, 'take over an assignment')
  return [{ type: 'AssignmentTransferred', data }]
}

export function takeOverAssignment(
  data: CommandData<'TakeOverAssignment'>,
  state: AssignmentState,
  context: AssignmentCommandContext,
  task: RegisteredTask,
): AssignmentEvent[] {
  requireSupervisionOfficeOrScheduler(context, 'hand an assignment to a successor unit (承接)')
  const { taskId, unitId, fromUnitId, role, dueDate, effectiveOn, reason, transferId } = data
  if (fromUnitId === unitId) throw invalid(`unit ${unitId} cannot take over its own assignment`)
  requireUnitExists(context, unitId, effectiveOn, 'take over an assignment')
  if (dueDate > task.deadline) {
    throw invalid(`the due date ${dueDate} is after task ${taskId}'s deadline ${task.deadline}`)
  }
  const takenOver: AssignmentEvent = {
    type: 'AssignmentTakenOver',
    data: { taskId, unitId, transferId, fromUnitId, effectiveOn, reason },
  }
  if (state.status === 'unassigned') {
    return [{ type: 'TaskAssigned', data: { taskId, unitId, role, dueDate } }, takenOver]
  }
  requireNotTransferred(state)
  if (state.takenOverFrom?.includes(fromUnitId)) {
    throw conflict(`${describe(state)} already took over unit ${fromUnitId}'s assignment`)
  }
  return [takenOver]
}

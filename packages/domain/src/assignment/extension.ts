/** 延期: the unit asks, the supervision office grants or refuses; the granted event keeps both dates. */
import { businessDateOf } from '@duban/calendar/business-date'
import type { CommandContext } from '../decider'
import { conflict, invalid, notFound } from '../errors'
import { requireSupervisionOffice, requireUnit, requireWorkingDay } from '../guards'
import { describe, type Handler, obligationOf, type RegisteredTask } from './context'
import type { Assignment, PendingExtension } from './state'

/** The due date an extension moves: one obligation's, or the assignment's own. */
const dueDateOf = (assignment: Assignment, obligationId: string | undefined) =>
  obligationId === undefined ? assignment.dueDate : obligationOf(assignment, obligationId).dueDate

/** No extension — of the assignment or of one obligation — beyond its task's deadline. */
function requireWithinTask(newDueDate: string, task: RegisteredTask): void {
  if (newDueDate > task.deadline) {
    throw invalid(
      `the new due date ${newDueDate} is after task ${task.taskId}'s deadline ${task.deadline}; extend the task first`,
      { taskDeadline: task.deadline },
    )
  }
}

export const requestExtension: Handler<'RequestExtension'> = (data, assignment, context, task) => {
  requireUnit(context, assignment.unitId, 'ask to extend (延期) its assignment')
  if (assignment.pendingExtension) {
    throw conflict(`extension request ${assignment.pendingExtension.requestId} is still pending`)
  }
  const currentDueDate = dueDateOf(assignment, data.obligationId)
  if (data.obligationId !== undefined && obligationOf(assignment, data.obligationId).status === 'met') {
    throw conflict(`obligation ${data.obligationId} is already met`)
  }
  if (data.requestedDueDate <= currentDueDate) {
    throw invalid(
      `the requested due date ${data.requestedDueDate} is not after the current one, ${currentDueDate}`,
    )
  }
  const today = businessDateOf(context.now)
  if (data.requestedDueDate < today)
    throw invalid(`the requested due date ${data.requestedDueDate} is in the past`)
  requireWithinTask(data.requestedDueDate, task)
  requireWorkingDay(context, data.requestedDueDate, 'the requested due date')
  return [{ type: 'ExtensionRequested', data: { ...data, currentDueDate } }]
}

function pendingRequest(
  assignment: Assignment,
  requestId: string,
  context: CommandContext,
): PendingExtension {
  requireSupervisionOffice(context, 'decide on extensions')
  const pending = assignment.pendingExtension
  if (!pending || pending.requestId !== requestId) {
    throw notFound(`${describe(assignment)} has no pending extension request ${requestId}`)
  }
  return pending
}

export const grantExtension: Handler<'GrantExtension'> = (data, assignment, context, task) => {
  const pending = pendingRequest(assignment, data.requestId, context)
  const previousDueDate = dueDateOf(assignment, pending.obligationId)
  const newDueDate = data.newDueDate ?? pending.requestedDueDate
  if (newDueDate <= previousDueDate) {
    throw invalid(`the new due date ${newDueDate} is not after the current one, ${previousDueDate}`)
  }
  // The last period's report falls due after the deadline when it is opened; an extension
  // never moves any due date past the task's deadline (extend the task first, within its plan).
  requireWithinTask(newDueDate, task)
  requireWorkingDay(context, newDueDate, 'the new due date')
  const { taskId, unitId, requestId, comment } = data
  const granted = { taskId, unitId, requestId, previousDueDate, newDueDate }
  return [
    {
      type: 'ExtensionGranted',
      // Absent fields stay absent rather than `undefined`, so the event reads back as written.
      data: {
        ...granted,
        ...(pending.obligationId !== undefined && { obligationId: pending.obligationId }),
        ...(comment !== undefined && { comment }),
      },
    },
  ]
}

export const refuseExtension: Handler<'RefuseExtension'> = (data, assignment, context) => {
  pendingRequest(assignment, data.requestId, context)
  return [{ type: 'ExtensionRefused', data }]
}

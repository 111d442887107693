/** 办结申请 → 销号, or sent back; and reopening a closed assignment. */
import type { CommandContext } from '../decider'
import { conflict } from '../errors'
import { requireSupervisionOffice, requireUnit } from '../guards'
import { describe, type Handler, requireAcknowledged } from './context'
import type { Assignment } from './state'

export const requestCompletion: Handler<'RequestCompletion'> = (data, assignment, context) => {
  requireUnit(context, assignment.unitId, 'apply to close (办结申请) its assignment')
  requireAcknowledged(assignment, 'apply to close it')
  if (assignment.status === 'completion_requested') {
    throw conflict(`${describe(assignment)} already has a completion request pending`)
  }
  return [{ type: 'CompletionRequested', data }]
}

function requirePendingCompletion(assignment: Assignment, context: CommandContext): void {
  requireSupervisionOffice(context, 'verify completion (销号)')
  if (assignment.status !== 'completion_requested') {
    throw conflict(`${describe(assignment)} has no completion request (办结申请) pending`)
  }
}

export const verifyCompletion: Handler<'VerifyCompletion'> = (data, assignment, context) => {
  requirePendingCompletion(assignment, context)
  return [{ type: 'AssignmentClosed', data }]
}

export const sendBackCompletion: Handler<'SendBackCompletion'> = (data, assignment, context) => {
  requirePendingCompletion(assignment, context)
  return [{ type: 'CompletionSentBack', data }]
}

export const reopen: Handler<'ReopenAssignment'> = (data, assignment, context) => {
  requireSupervisionOffice(context, 'reopen an assignment')
  if (assignment.status !== 'closed')
    throw conflict(`${describe(assignment)} is not closed, so it cannot be reopened`)
  return [{ type: 'AssignmentReopened', data }]
}

import { businessDateOf } from '@duban/calendar/business-date'
import type { Decider } from '../decider'
import { conflict, invalid, notFound } from '../errors'
import { requireSupervisionOffice, requireWorkingDay } from '../guards'
import type { AssignmentCommand } from './commands'
import { reopen, requestCompletion, sendBackCompletion, verifyCompletion } from './completion'
import {
  type AssignmentCommandContext,
  type CommandData,
  describe,
  type Handler,
  type RegisteredTask,
} from './context'
import type { AssignmentEvent } from './events'
import { grantExtension, refuseExtension, requestExtension } from './extension'
import { acceptReport, acknowledge, openObligation, returnReport, submitReport } from './reporting'
import { type AssignmentState, evolve, initialState } from './state'
import { answerNotice, escalate, issueNotice, sendReminder } from './supervision'
import { requireNotTransferred, requireUnitExists, takeOverAssignment, transferAssignment } from './transfer'

type LaterCommand = Exclude<AssignmentCommand['type'], 'AssignTask' | 'TakeOverAssignment'>

const handlers: { [Type in LaterCommand]: Handler<Type> } = {
  AcknowledgeAssignment: acknowledge,
  OpenObligation: openObligation,
  SubmitProgressReport: submitReport,
  AcceptProgressReport: acceptReport,
  ReturnProgressReport: returnReport,
  SendReminder: sendReminder,
  IssueSupervisionNotice: issueNotice,
  AnswerSupervisionNotice: answerNotice,
  EscalateToLeadership: escalate,
  RequestExtension: requestExtension,
  GrantExtension: grantExtension,
  RefuseExtension: refuseExtension,
  RequestCompletion: requestCompletion,
  VerifyCompletion: verifyCompletion,
  SendBackCompletion: sendBackCompletion,
  ReopenAssignment: reopen,
  TransferAssignment: transferAssignment,
}

function registeredTask(context: AssignmentCommandContext, taskId: string): RegisteredTask {
  const { task } = context
  if (task.status === 'unregistered' || task.taskId !== taskId)
    throw notFound(`task ${taskId} is not registered`)
  if (task.status === 'closed') throw conflict(`task ${taskId} is closed (销号); reopen the task first`)
  return task
}

/** 交办: the role must match the task's definition; the due date falls within it. */
function assign(
  data: CommandData<'AssignTask'>,
  state: AssignmentState,
  context: AssignmentCommandContext,
): AssignmentEvent[] {
  requireSupervisionOffice(context, 'assign tasks (交办)')
  const task = registeredTask(context, data.taskId)
  if (state.status !== 'unassigned') throw conflict(`${describe(data)} already exists`)
  const { taskId, unitId, role } = data
  const roleFits =
    role === 'lead'
      ? unitId === task.leadUnitId
      : role === 'co'
        ? task.coUnitIds.includes(unitId)
        : task.allDistricts && unitId !== task.leadUnitId && !task.coUnitIds.includes(unitId)
  if (!roleFits) throw invalid(`unit ${unitId} is not a ${role} unit of task ${taskId}`)
  requireUnitExists(context, unitId, businessDateOf(context.now), 'be assigned a task (交办)')
  if (data.dueDate === undefined) {
    // The deadline as the plan wrote it ("到2024年") is kept even on a rest day.
    return [{ type: 'TaskAssigned', data: { taskId, unitId, role, dueDate: task.deadline } }]
  }
  if (data.dueDate > task.deadline) {
    throw invalid(`the due date ${data.dueDate} is after task ${taskId}'s deadline ${task.deadline}`)
  }
  requireWorkingDay(context, data.dueDate, 'the due date')
  return [{ type: 'TaskAssigned', data: { taskId, unitId, role, dueDate: data.dueDate } }]
}

function decide(
  command: AssignmentCommand,
  state: AssignmentState,
  context: AssignmentCommandContext,
): AssignmentEvent[] {
  if (command.type === 'AssignTask') return assign(command.data, state, context)
  const task = registeredTask(context, command.data.taskId)
  if (command.type === 'TakeOverAssignment') return takeOverAssignment(command.data, state, context, task)
  if (state.status === 'unassigned') throw notFound(`${describe(command.data)} does not exist`)
  requireNotTransferred(state)
  if (state.status === 'closed' && command.type !== 'ReopenAssignment') {
    throw conflict(`${describe(state)} is closed (销号); reopen it first`)
  }
  const handler = handlers[command.type] as Handler<LaterCommand>
  return handler(command.data as CommandData<LaterCommand>, state, context, task)
}

/**
 * 交办 and everything after it, for one task × unit. Decided against the task's state, which the
 * handler passes in the context.
 */
export const assignmentDecider: Decider<
  AssignmentState,
  AssignmentCommand,
  AssignmentEvent,
  AssignmentCommandContext
> = { initialState, decide, evolve }

import { businessDateOf } from '@duban/calendar/business-date'
import type { CommandContext, Decider } from '../decider'
import { conflict, invalid, notFound } from '../errors'
import { requireSupervisionOffice, requireUnit, requireWorkingDay } from '../guards'
import type { PlanState } from '../plan/decider'
import type { TaskCommand } from './commands'
import type { TaskEvent } from './events'
import { periodLastDay } from './indicator-period'

export type TaskDefinition = Extract<TaskEvent, { type: 'TaskRegistered' }>['data']

/**
 * `open` → `completion_requested` (办结申请) → `closed` (销号), back to `open` when the request is
 * sent back or the closed task is reopened.
 */
export type TaskState =
  | { status: 'unregistered' }
  | ({ status: 'open' | 'completion_requested' | 'closed' } & TaskDefinition)

/** A task is decided against its plan: the handler reads the plan stream and hands its state in. */
export interface TaskCommandContext extends CommandContext {
  plan: PlanState
}

type Registered = Exclude<TaskState, { status: 'unregistered' }>

function openTask(state: TaskState, taskId: string): Registered {
  if (state.status === 'unregistered') throw notFound(`task ${taskId} is not registered`)
  if (state.status === 'closed') throw conflict(`task ${taskId} is closed (销号); reopen it first`)
  return state
}

function registerTask(
  data: Extract<TaskCommand, { type: 'RegisterTask' }>['data'],
  state: TaskState,
  context: TaskCommandContext,
): TaskEvent[] {
  requireSupervisionOffice(context, 'register a task')
  if (state.status !== 'unregistered') throw conflict(`task ${data.taskId} is already registered`)
  const { plan } = context
  if (plan.status !== 'registered' || plan.planId !== data.planId) {
    throw notFound(`plan ${data.planId} is not registered`)
  }
  if (!plan.sections.some((section) => section.id === data.sectionId)) {
    throw invalid(`plan ${plan.planId} has no section ${data.sectionId}`)
  }
  const planStart = `${plan.period.from}-01-01`
  const planEnd = `${plan.period.to}-12-31`
  const deadline = data.deadline ?? planEnd
  if (data.startsOn && (data.startsOn < planStart || data.startsOn > deadline)) {
    throw invalid(
      `task ${data.taskId} starts on ${data.startsOn}, outside ${planStart} to its deadline ${deadline}`,
    )
  }
  if (deadline < planStart) throw invalid(`task ${data.taskId} is due ${deadline}, before its plan starts`)
  if (deadline > planEnd) {
    throw invalid(
      `task ${data.taskId} is due ${deadline}, after its plan period ends (${planEnd}); amend the plan first (计划调整)`,
    )
  }
  return [{ type: 'TaskRegistered', data: { ...data, deadline } }]
}

function decide(command: TaskCommand, state: TaskState, context: TaskCommandContext): TaskEvent[] {
  const { taskId } = command.data
  switch (command.type) {
    case 'RegisterTask':
      return registerTask(command.data, state, context)

    case 'RequestTaskCompletion': {
      const task = openTask(state, taskId)
      requireUnit(context, task.leadUnitId, `apply to close task ${taskId} (办结申请), as its lead unit`)
      if (task.status === 'completion_requested') {
        throw conflict(`task ${taskId} already has a completion request pending`)
      }
      const { summary, evidence } = command.data
      return [
        { type: 'TaskCompletionRequested', data: { taskId, unitId: task.leadUnitId, summary, evidence } },
      ]
    }

    case 'CloseTask':
    case 'SendBackTaskCompletion': {
      requireSupervisionOffice(context, `review the completion of task ${taskId}`)
      const task = openTask(state, taskId)
      if (task.status !== 'completion_requested') {
        throw conflict(`task ${taskId} has no completion request (办结申请) pending`)
      }
      return command.type === 'CloseTask'
        ? [{ type: 'TaskClosed', data: command.data }]
        : [{ type: 'TaskCompletionSentBack', data: command.data }]
    }

    case 'ReopenTask': {
      requireSupervisionOffice(context, `reopen task ${taskId}`)
      if (state.status === 'unregistered') throw notFound(`task ${taskId} is not registered`)
      if (state.status !== 'closed') throw conflict(`task ${taskId} is not closed, so it cannot be reopened`)
      return [{ type: 'TaskReopened', data: command.data }]
    }

    case 'CorrectIndicatorActual':
      return correctActual(command.data, state, context)

    case 'ExtendTaskDeadline': {
      requireSupervisionOffice(context, `extend task ${taskId}`)
      const task = openTask(state, taskId)
      const { newDeadline, reason } = command.data
      if (newDeadline <= task.deadline) {
        throw invalid(
          `the new deadline ${newDeadline} of task ${taskId} is not after its deadline ${task.deadline}`,
        )
      }
      // Never beyond the plan period, unless the plan was amended (计划调整) to a longer one.
      const { plan } = context
      if (plan.status !== 'registered' || plan.planId !== task.planId) {
        throw notFound(`plan ${task.planId} is not registered`)
      }
      const planEnd = `${plan.period.to}-12-31`
      if (newDeadline > planEnd) {
        throw invalid(
          `the new deadline ${newDeadline} of task ${taskId} is after its plan period ends (${planEnd}); amend the plan first (计划调整)`,
          { planEnd },
        )
      }
      requireWorkingDay(context, newDeadline, 'the new deadline')
      return [
        {
          type: 'TaskDeadlineExtended',
          data: { taskId, previousDeadline: task.deadline, newDeadline, reason },
        },
      ]
    }
  }
}

/** Only a past period's figure is corrected, and only of a numeric target the task has. */
function correctActual(
  data: Extract<TaskCommand, { type: 'CorrectIndicatorActual' }>['data'],
  state: TaskState,
  context: TaskCommandContext,
): TaskEvent[] {
  requireSupervisionOffice(context, `correct an actual (实际值) of task ${data.taskId}`)
  if (state.status === 'unregistered') throw notFound(`task ${data.taskId} is not registered`)
  const target = state.targets.find((candidate) => candidate.id === data.targetId)
  if (!target) {
    throw notFound(
      `task ${data.taskId} has no target ${data.targetId}; its targets: ${state.targets.map((t) => t.id).join(', ') || 'none'}`,
    )
  }
  if (target.kind === 'milestone') throw invalid(`target ${data.targetId} is a milestone; it has no figure`)
  const today = businessDateOf(context.now)
  const lastDay = periodLastDay(data.period)
  if (lastDay > today) {
    throw invalid(
      `period ${data.period} ends on ${lastDay}, after today (${today}); only a past period is corrected`,
    )
  }
  return [{ type: 'IndicatorActualCorrected', data }]
}

function evolve(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'TaskRegistered') return { status: 'open', ...event.data }
  if (state.status === 'unregistered') return state
  switch (event.type) {
    case 'TaskCompletionRequested':
      return { ...state, status: 'completion_requested' }
    case 'TaskCompletionSentBack':
    case 'TaskReopened':
      return { ...state, status: 'open' }
    case 'TaskClosed':
      return { ...state, status: 'closed' }
    case 'TaskDeadlineExtended':
      return { ...state, deadline: event.data.newDeadline }
    case 'IndicatorActualCorrected':
      return state
  }
}

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent, TaskCommandContext> = {
  initialState: () => ({ status: 'unregistered' }),
  decide,
  evolve,
}

/**
 * Confirming a reviewed draft writes its events: the plan, its tasks, their assignments.
 * Each stream's command id derives from the confirmation id and the stream, so confirming the
 * same draft again — or resuming one that was interrupted half-way — writes nothing twice.
 */
import {
  type Actor,
  assignmentDecider,
  assignmentStreamId,
  planDecider,
  planStreamId,
  taskDecider,
  taskStreamId,
} from '@duban/domain'
import type { DraftPlan } from '@duban/plan-import'
import { handleCommand, type LedgerDeps } from './handle-command'
import { loadState } from './load-state'
import { type DistrictsAsOf, planCommandsFromDraft } from './plan-draft-commands'

export interface ConfirmationResult {
  plans: { planId: string; tasks: number; assignments: number }[]
  /** Events written by this confirmation; 0 when everything had been written before. */
  eventsWritten: number
}

export async function confirmPlans(
  ledger: LedgerDeps,
  input: {
    plans: readonly DraftPlan[]
    /** The district governments on a date: each plan binds those of its own date. */
    districtsAsOf: DistrictsAsOf
    actor: Actor
    /** Stable for one draft: the idempotency of the whole confirmation rests on it. */
    confirmationId: string
    isWorkingDay?: (date: string) => boolean
  },
): Promise<ConfirmationResult> {
  const commandId = (streamId: string) => `${input.confirmationId}:${streamId}`
  let eventsWritten = 0
  const count = (result: { events: unknown[]; duplicate: boolean }) => {
    if (!result.duplicate) eventsWritten += result.events.length
  }
  const summary: ConfirmationResult['plans'] = []
  for (const { plan, tasks } of planCommandsFromDraft(input.plans, input.districtsAsOf)) {
    const planStream = planStreamId(plan.data.planId)
    count(
      await handleCommand(ledger, planDecider, {
        streamId: planStream,
        command: plan,
        actor: input.actor,
        commandId: commandId(planStream),
      }),
    )
    const { state: planState } = await loadState(ledger, planDecider, planStream)
    let assignmentCount = 0
    for (const { task, assignments } of tasks) {
      const taskStream = taskStreamId(task.data.taskId)
      count(
        await handleCommand(ledger, taskDecider, {
          streamId: taskStream,
          command: task,
          actor: input.actor,
          commandId: commandId(taskStream),
          context: { plan: planState },
        }),
      )
      const { state: taskState } = await loadState(ledger, taskDecider, taskStream)
      const results = await Promise.all(
        assignments.map(({ unitId, role }) => {
          const streamId = assignmentStreamId(task.data.taskId, unitId)
          return handleCommand(ledger, assignmentDecider, {
            streamId,
            command: { type: 'AssignTask', data: { taskId: task.data.taskId, unitId, role } },
            actor: input.actor,
            commandId: commandId(streamId),
            context: { task: taskState, ...(input.isWorkingDay ? { isWorkingDay: input.isWorkingDay } : {}) },
          })
        }),
      )
      results.forEach(count)
      assignmentCount += assignments.length
    }
    summary.push({ planId: plan.data.planId, tasks: tasks.length, assignments: assignmentCount })
  }
  return { plans: summary, eventsWritten }
}

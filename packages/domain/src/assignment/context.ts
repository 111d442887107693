import type { CommandContext } from '../decider'
import { conflict, notFound } from '../errors'
import type { TaskState } from '../task/decider'
import type { AssignmentCommand } from './commands'
import type { AssignmentEvent } from './events'
import type { Assignment, Obligation } from './state'

/**
 * An assignment is decided against its task: the handler reads the task stream and hands its
 * state in, so a closed or unknown task refuses every assignment command.
 */
export interface AssignmentCommandContext extends CommandContext {
  task: TaskState
  /**
   * The unit directory's answer to "did this unit exist on this date", injected so the domain
   * imports no directory. When given, no unit is assigned, handed an assignment or opened an
   * obligation on a date it does not exist (unknown, not yet created, or ceased).
   */
  unitExistsOn?: (unitId: string, date: string) => boolean
}

export type CommandData<Type extends AssignmentCommand['type']> = Extract<
  AssignmentCommand,
  { type: Type }
>['data']

export type RegisteredTask = Exclude<TaskState, { status: 'unregistered' }>

/** Decides one command on an existing assignment of a registered task that is not closed. */
export type Handler<Type extends AssignmentCommand['type']> = (
  data: CommandData<Type>,
  assignment: Assignment,
  context: AssignmentCommandContext,
  task: RegisteredTask,
) => AssignmentEvent[]

/** `task X on unit Y`, for messages. */
export const describe = (assignment: Pick<Assignment, 'taskId' | 'unitId'>) =>
  `the assignment of task ${assignment.taskId} to unit ${assignment.unitId}`

export function obligationOf(assignment: Assignment, obligationId: string): Obligation {
  const obligation = assignment.obligations[obligationId]
  if (!obligation) throw notFound(`${describe(assignment)} has no obligation ${obligationId}`)
  return obligation
}

export function requireAcknowledged(assignment: Assignment, action: string): void {
  if (!assignment.acknowledged) {
    throw conflict(
      `${describe(assignment)} is not acknowledged (签收) yet; acknowledge it before you ${action}`,
    )
  }
}

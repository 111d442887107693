/**
 * The authorization and calendar facts that belong to the domain, shared by the deciders.
 * Each throws a DomainError whose message says what was refused and why.
 */
import type { ActorRole, CommandContext } from './decider'
import { forbidden, invalid } from './errors'

const hasRole = (context: CommandContext, role: ActorRole) => context.actor.roles?.includes(role) ?? false

/** Review and judgment: only the supervision office (督查办). */
export function requireSupervisionOffice(context: CommandContext, action: string): void {
  if (!hasRole(context, 'supervision_office')) {
    throw forbidden(`only the supervision office (督查办) may ${action}`, { userId: context.actor.userId })
  }
}

/** What time alone may set off: the supervision office or the scheduler. */
export function requireSupervisionOfficeOrScheduler(context: CommandContext, action: string): void {
  if (!hasRole(context, 'supervision_office') && !hasRole(context, 'scheduler')) {
    throw forbidden(`only the supervision office (督查办) or the scheduler may ${action}`, {
      userId: context.actor.userId,
    })
  }
}

/** What only the obligated unit itself may do. */
export function requireUnit(context: CommandContext, unitId: string, action: string): void {
  if (context.actor.unitId !== unitId) {
    throw forbidden(`only unit ${unitId} may ${action}`, { unitId, actorUnitId: context.actor.unitId })
  }
}

/** A due date set by a person or the scheduler falls on a working day (工作日), when the policy asks. */
export function requireWorkingDay(context: CommandContext, date: string, what: string): void {
  if (context.isWorkingDay && !context.isWorkingDay(date)) {
    throw invalid(`${what} ${date} is not a working day (工作日)`, { date })
  }
}

/**
 * @duban/domain: the pure core. Command and event schemas, deciders, stream ids; the escalation
 * policy and lights under ./policy. No I/O: the only dependency is zod.
 */

export * from './account/commands'
export {
  type AccountCommandContext,
  type AccountsState,
  type AccountView,
  accountDecider,
  type PendingRoleRequest,
} from './account/decider'
export * from './account/events'
export * from './account/refusals'
export * from './assignment/commands'
export type { AssignmentCommandContext } from './assignment/context'
export { assignmentDecider } from './assignment/decider'
export * from './assignment/events'
export type { Assignment, AssignmentState, Obligation, PendingExtension, Report } from './assignment/state'
export * from './assignment/values'
export * from './bulletin/commands'
export { type BulletinState, bulletinDecider } from './bulletin/decider'
export * from './bulletin/events'
export type { Actor, ActorRole, CommandContext, Decider } from './decider'
export { foldEvents, handleCommand } from './decider'
export { type DomainEvent, domainEvents } from './domain-events'
export * from './errors'
export * from './event-schema'
export * from './ids'
export * from './plan/commands'
export { type PlanState, planDecider } from './plan/decider'
export * from './plan/events'
/** The escalation ladder, reporting cadence and lights (owned separately), under one namespace. */
export * as policy from './policy'
export { defaultReportingCadence, ReportingCadence } from './policy/cadence'
export * from './schemas'
export * from './task/commands'
export { type TaskCommandContext, type TaskDefinition, type TaskState, taskDecider } from './task/decider'
export * from './task/events'
export { IndicatorPeriod, periodLastDay } from './task/indicator-period'

export { type Clock, fixedClock, SimulatedClock, systemClock } from './clock'
export { type ConfirmationResult, confirmPlans } from './confirm-plan'
export { type DomainEvent, type EventCodec, type EventSchemas, eventCodec } from './event-codec'
export { type CommandEnvelope, type CommandResult, handleCommand, type LedgerDeps } from './handle-command'
export { type LoadedState, loadState } from './load-state'
export {
  type DistrictsAsOf,
  DraftNotConfirmableError,
  type PlanCommands,
  planBindingDate,
  planCommandsFromDraft,
  taskIdOf,
  type UnresolvedUnit,
} from './plan-draft-commands'
export { type AssignmentCommandOptions, runAssignmentCommand } from './run-assignment-command'
export { type CachedState, StateCache } from './state-cache'
export {
  type TransferRun,
  transferAssignmentsOfCeasedUnits,
  type UnitsOverTime,
} from './transfer-ceased-units'

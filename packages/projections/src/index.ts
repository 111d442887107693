export { eventDay } from './event-day'
export { dayOfPosition, positionAtEndOfDay } from './log-days'
export type { Projection, ProjectionDb } from './projection'
export { preparedOnce } from './projection-state'
export { openReadModelDb } from './read-model-db'
export {
  type CatchUpOptions,
  type Progress,
  ProjectionError,
  type ProjectionLag,
  ProjectionRunner,
  type ProjectionSource,
  type RunnerOptions,
  type StartOptions,
} from './runner'
export {
  type Row,
  type SqlValue,
  type TemporalTable,
  type TemporalTableSpec,
  temporalTable,
} from './temporal'

export { dayOfPosition, positionAtEndOfDay } from './log-days'
export type { Projection, ProjectionDb } from './projection'
export { openReadModelDb } from './read-model-db'
export {
  type CatchUpOptions,
  type Progress,
  ProjectionError,
  type ProjectionLag,
  ProjectionRunner,
  type ProjectionSource,
  type RunnerOptions,
} from './runner'
export { shanghaiDate } from './shanghai-date'
export {
  type Row,
  type SqlValue,
  type TemporalTable,
  type TemporalTableSpec,
  temporalTable,
} from './temporal'

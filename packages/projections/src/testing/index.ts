// Test and benchmark helpers, exported as `@duban/projections/testing`: a deterministic
// synthetic log, the worked-example projections of the README, and a read-model dump.
export { dumpReadModel } from './dump'
export {
  eventsPerType,
  eventsPerTypeTable,
  exampleProjections,
  reviewedItems,
  streamVersions,
  streamVersionsTable,
} from './example-projections'
export {
  type SyntheticAppend,
  type SyntheticLogOptions,
  seedStore,
  syntheticLog,
  syntheticTypes,
} from './synthetic-log'

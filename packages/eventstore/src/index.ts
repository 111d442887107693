export {
  Anchor,
  AnchorError,
  type AnchorStore,
  anchorFileOf,
  fileAnchorStore,
  headAnchor,
  parseAnchor,
} from './anchor'
export { type PreparedAppend, type PreparedEvent, prepareAppend } from './append-validation'
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from './contract'
export { EventMetadata } from './contract'
export {
  InvalidAppendError,
  LogIntegrityError,
  StoreUnavailableError,
  storeUnavailableFrom,
  WrongExpectedVersionError,
} from './errors'
export { eventIdFor } from './event-id'
export { chainHash, GENESIS_HASH, type HashedFields } from './hash-chain'
export { type LogGuard, type LogGuardOptions, type LogGuardStatus, openLogGuard } from './log-guard'
export { openMemoryEventStore } from './memory/memory-store'
export { postgresAnchorStore } from './postgres/anchor-table'
export {
  acquireLeadership,
  type Leadership,
  type LeadershipOptions,
  leaderLockKey,
} from './postgres/leader-lock'
export { openPostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-store'
export {
  MIGRATIONS as POSTGRES_MIGRATIONS,
  migrate as migrateConnection,
  migratePostgres,
  migrationsRun,
  SchemaTooNewError,
} from './postgres/schema'
export { buildingFileOf, buildLogAside } from './sqlite/build-aside'
export { openDurableDatabase } from './sqlite/database'
export { OtherWriters } from './sqlite/other-writers'
export { openSqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-store'
export { EVENTS_PER_INSERT } from './sqlite/statements'
export {
  EMBEDDED_LOG_FILE,
  type EsdbStoreOpener,
  type OpenStoreOptions,
  openStoreAt,
  parseStoreUrl,
  type StoreKind,
  type StoreLocation,
  StoreUrlError,
} from './store-url'
export { DEFAULT_BATCH_SIZE, type SubscriptionSource, startCatchUpSubscription } from './subscription'
export {
  type VerifyFailure,
  type VerifyOptions,
  type VerifyProgress,
  type VerifyResult,
  verifyLog,
} from './verify'

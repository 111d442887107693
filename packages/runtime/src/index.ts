export {
  type AccountActor,
  type AccountChange,
  type AccountChangeResult,
  Accounts,
} from './accounts/account-service'
export { DEMO_PASSWORD, demoUsers, seedDemoUsers } from './accounts/demo-users'
export { passwordProblem } from './accounts/passwords'
export { PostgresUserStore } from './accounts/postgres-user-store'
export { actorOf, roleLabels, type User, UserRole, userRoles } from './accounts/roles'
export { SqliteUserStore } from './accounts/sqlite-user-store'
export type { NewUser, SessionKind, UserStore } from './accounts/user-store'
export type { AttachmentEntry, AttachmentStore, StoredAttachment } from './attachments/attachment-store'
export { type OpenedAttachments, openAttachmentStoreAt } from './attachments/attachment-store-at'
export { type Citation, citationsIn, citedHashes } from './attachments/citations'
export { FileAttachmentStore } from './attachments/file-attachment-store'
export { CHUNK_BYTES, PostgresAttachmentStore } from './attachments/postgres-attachment-store'
export { SWEEP_GRACE_MS, type SweepResult, sweepAttachments } from './attachments/sweep'
export { type Config, ConfigError, ConfigSchema, loadConfig } from './config'
export {
  DeliveryConfigSchema,
  type DeliverySettings,
  deliveryChannels,
  deliveryKeyFile,
  deliverySecrets,
  deliveryUnitName,
  loadDeliverySettings,
  openDispatcher,
  seedDemoDelivery,
} from './delivery'
export { DEMO_SEED, DEMO_TODAY, seedDemoLog } from './demo'
export type { DraftStore, StoredDraft } from './drafts/draft-store'
export { PostgresDraftStore } from './drafts/postgres-draft-store'
export { SqliteDraftStore } from './drafts/sqlite-draft-store'
export {
  type EmbeddedLedger,
  embeddedLogFile,
  ledgerDeps,
  type OpenedLedger,
  openEmbeddedLedger,
  openEmbeddedReadModels,
  readModelFile,
} from './embedded'
export {
  LEDGER_CLOCK_FILE,
  LedgerClockError,
  ledgerClock,
  ledgerClockStandsAt,
  parseNow,
  standLedgerClockAt,
} from './ledger-clock'
export { openLedgerAt } from './open-ledger'
export { BackupError, type BackupSummary, backupPostgres } from './postgres/backup'
export { RestoreError, type RestoreResult, restorePostgres } from './postgres/restore'
export { openReadModelReplica } from './read-model-replica'
export { chongqingUnits } from './units'
export { isWorkingDay } from './working-days'

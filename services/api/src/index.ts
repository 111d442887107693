export { type AppDeps, dubanApp } from './app'
export { type Config, ConfigError, loadConfig } from './config'
export { DEMO_SEED, DEMO_TODAY } from './demo'
export {
  type ApiLedger,
  type EmbeddedLedger,
  embeddedLogFile,
  openEmbeddedLedger,
  openEmbeddedReadModels,
} from './embedded'
export { openLedgerAt } from './open-ledger'
export { createServer } from './server'

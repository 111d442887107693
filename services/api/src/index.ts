export { type AppDeps, dubanApp } from './app'
export { type Config, ConfigError, loadConfig } from './config'
export {
  type ApiLedger,
  type EmbeddedLedger,
  embeddedLogFile,
  openEmbeddedLedger,
  openEmbeddedReadModels,
} from './embedded'
export { openLedgerAt } from './open-ledger'
export { createServer } from './server'

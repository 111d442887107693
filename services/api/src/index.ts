export { type AppDeps, dubanApp } from './app'
export { type Config, ConfigError, loadConfig } from './config'
export { type EmbeddedLedger, embeddedLogFile, openEmbeddedLedger, openEmbeddedReadModels } from './embedded'
export { createServer } from './server'

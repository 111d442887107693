export { type AppDeps, dubanApp } from './app'
export { type Config, ConfigError, loadConfig } from './config'
export { type EmbeddedLedger, embeddedLogFile, openEmbeddedLedger } from './embedded'
export { createServer } from './server'

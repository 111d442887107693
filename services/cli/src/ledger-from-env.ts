import { existsSync } from 'node:fs'
import { ConfigError, embeddedLogFile, loadConfig, openEmbeddedLedger } from '@duban/api'
import { CliError } from './cli-error'

/** Opens the embedded log named by DUBAN_DATA_DIR; a missing log is a usage error, not a new empty file. */
export function openExistingLedger() {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message)
    throw error
  }
  const file = embeddedLogFile(config)
  if (!existsSync(file)) {
    throw new CliError(
      `no event log at ${file} (set DUBAN_DATA_DIR, or run \`pnpm start\` once to create the demo ledger)`,
    )
  }
  return openEmbeddedLedger(config)
}

import { existsSync } from 'node:fs'
import {
  type Config,
  ConfigError,
  embeddedLogFile,
  LedgerClockError,
  ledgerClock,
  loadConfig,
  openEmbeddedLedger,
} from '@duban/runtime'
import { CliError } from './cli-error'

/** The configuration from the environment; a bad value is a usage error. */
export function configFromEnv(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message)
    throw error
  }
}

/** The ledger's clock (see @duban/runtime's ledgerClock), or `--now` when given. */
export function clockFromEnv(config: Config, now: string | undefined) {
  try {
    return ledgerClock(config, now)
  } catch (error) {
    if (error instanceof LedgerClockError) throw new CliError(error.message)
    throw error
  }
}

/**
 * Opens the embedded log named by DUBAN_DATA_DIR, on the ledger's own clock; a missing log is a
 * usage error, not a new empty file.
 */
export function openExistingLedger(now?: string) {
  const config = configFromEnv()
  const file = embeddedLogFile(config)
  if (!existsSync(file)) {
    throw new CliError(
      `no event log at ${file} (set DUBAN_DATA_DIR, or run \`pnpm start\` once to create the demo ledger)`,
    )
  }
  return openEmbeddedLedger(config, clockFromEnv(config, now))
}

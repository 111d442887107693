/**
 * Configuration comes from the environment, validated once at start: a typo in PORT stops the
 * server with a message naming the variable, instead of a confusing failure later.
 */
import path from 'node:path'
import { z } from 'zod'

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where the SQLite files live. */
  DUBAN_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: LogLevel.default('info'),
  /** Largest request body accepted, in bytes. */
  DUBAN_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  logLevel: z.infer<typeof LogLevel>
  bodyLimit: number
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n')
    throw new ConfigError(`invalid configuration in the environment:\n${problems}`)
  }
  const { PORT, HOST, DUBAN_DATA_DIR, LOG_LEVEL, DUBAN_BODY_LIMIT } = parsed.data
  return {
    port: PORT,
    host: HOST,
    dataDir: path.resolve(DUBAN_DATA_DIR),
    logLevel: LOG_LEVEL,
    bodyLimit: DUBAN_BODY_LIMIT,
  }
}

/**
 * The headers every command endpoint shares: If-Match for optimistic concurrency,
 * Idempotency-Key for safe retries. (Who acts comes from plugins/actor.ts.)
 */
import { z } from 'zod'
import { httpProblem } from './problem'

export const CommandHeaders = z.object({
  'if-match': z.string().optional().describe('The stream version from a previous ETag; 409 if it moved on'),
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('Retrying with the same key appends nothing new and returns the same response'),
})
export type CommandHeaders = z.infer<typeof CommandHeaders>

/** `"3"`, `W/"3"` or `3` → 3. */
export function expectedVersionFrom(headers: CommandHeaders): number | undefined {
  const value = headers['if-match']
  if (value === undefined) return undefined
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim())
  if (!match)
    throw httpProblem(
      'bad-request',
      `If-Match must be a stream version from an ETag, such as "3"; got ${value}`,
    )
  return Number(match[1])
}

export const etag = (version: number) => `"${version}"`

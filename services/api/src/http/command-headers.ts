/**
 * The headers every command endpoint shares: who acts (until sign-in replaces these headers),
 * If-Match for optimistic concurrency, Idempotency-Key for safe retries.
 */
import type { Actor } from '@duban/domain'
import { z } from 'zod'
import { httpProblem } from './problem'

export const CommandHeaders = z.object({
  'x-duban-user': z.string().min(1).max(128).describe('The acting user (stand-in for sign-in)'),
  'x-duban-unit': z.string().min(1).max(64).optional().describe('The unit the user acts for'),
  'x-duban-roles': z
    .string()
    .regex(/^(supervision_office)?$/, 'the only role is supervision_office')
    .optional()
    .describe('supervision_office for the 督查办'),
  'if-match': z.string().optional().describe('The stream version from a previous ETag; 409 if it moved on'),
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('Retrying with the same key appends nothing new and returns the same response'),
})
export type CommandHeaders = z.infer<typeof CommandHeaders>

export function actorFrom(headers: CommandHeaders): Actor {
  return {
    userId: headers['x-duban-user'],
    unitId: headers['x-duban-unit'] ?? null,
    roles: headers['x-duban-roles'] === 'supervision_office' ? ['supervision_office'] : [],
  }
}

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

/**
 * What a command endpoint answers: the stream's new version (also the ETag) and the events the
 * command wrote. A retried command answers byte for byte the same, flagged by a header.
 */
import type { CommandResult } from '@duban/ledger'
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { etag } from './command-headers'

export const RecordedEventBody = z
  .object({
    position: z.number().int(),
    streamId: z.string(),
    streamVersion: z.number().int(),
    eventId: z.string(),
    type: z.string(),
    schemaVersion: z.number().int(),
    data: z.unknown(),
    metadata: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .meta({ id: 'RecordedEvent' })

export const CommandAccepted = z
  .object({
    streamId: z.string(),
    version: z.number().int().describe('The stream version after the command; also the ETag'),
    events: z.array(RecordedEventBody),
  })
  .meta({ id: 'CommandAccepted' })
export type CommandAccepted = z.infer<typeof CommandAccepted>

export function sendCommandResult(
  reply: FastifyReply,
  result: CommandResult,
  status: 200 | 201,
): CommandAccepted {
  reply.code(status).header('etag', etag(result.nextVersion))
  if (result.duplicate) reply.header('idempotent-replayed', 'true')
  return {
    streamId: result.streamId,
    version: result.nextVersion,
    events: result.events.map(({ prevHash: _prevHash, ...event }) => event),
  }
}

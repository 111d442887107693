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
  // Built here from the store's typed result, in the schema's key order: written with
  // JSON.stringify instead of the route's serializer, which checked every reply against the zod
  // schema again (a few % of a command's CPU, the busiest write path). The schema still types
  // this object and documents the reply.
  reply.type('application/json; charset=utf-8').serializer(JSON.stringify)
  return {
    streamId: result.streamId,
    version: result.nextVersion,
    events: result.events.map(
      ({ position, streamId, streamVersion, eventId, type, schemaVersion, data, metadata, hash }) => ({
        position,
        streamId,
        streamVersion,
        eventId,
        type,
        schemaVersion,
        data,
        metadata,
        hash,
      }),
    ),
  }
}

/**
 * A fastify server around the app plugin: logging, body limits, request ids. Separate from
 * main.ts so tests start real servers on port 0 without touching the process.
 */

import type { Config } from '@duban/runtime'
import Fastify, { type FastifyInstance } from 'fastify'
import { type AppDeps, dubanApp } from './app'

export async function createServer(
  config: Pick<Config, 'logLevel' | 'bodyLimit'>,
  deps: AppDeps,
): Promise<FastifyInstance> {
  const server = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    // Paths carry Chinese unit names; keep them readable in logs.
    routerOptions: { ignoreTrailingSlash: true },
  })
  await server.register(dubanApp, deps)
  await server.ready()
  return server
}

/**
 * A fastify server around the app plugin: logging, body limits, request ids. Separate from
 * main.ts so tests start real servers on port 0 without touching the process.
 */

import type { Config } from '@duban/runtime'
import Fastify, { type FastifyInstance } from 'fastify'
import { type AppDeps, dubanApp } from './app'
import { clientErrorHandler, frameworkErrors } from './http/client-errors'
import { type LoadSheddingOptions, loadShedding } from './plugins/load-shedding'

/**
 * Deliberate timeouts: a client has 10 s to send its headers and 30 s for the whole request
 * (a slow body holds a connection, not the server); an idle keep-alive connection closes after 5 s.
 */
const TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 } as const

export async function createServer(
  config: Pick<Config, 'logLevel' | 'bodyLimit'> & {
    overload?: LoadSheddingOptions
    trustedProxies?: readonly string[]
  },
  deps: AppDeps,
): Promise<FastifyInstance> {
  const server = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    requestTimeout: TIMEOUTS.requestMs,
    keepAliveTimeout: TIMEOUTS.keepAliveMs,
    clientErrorHandler,
    // request.ip is X-Forwarded-For's client only when the connection comes from a trusted proxy.
    trustProxy: config.trustedProxies?.length ? [...config.trustedProxies] : false,
    frameworkErrors,
    // Paths carry Chinese unit names; keep them readable in logs.
    routerOptions: { ignoreTrailingSlash: true },
  })
  server.server.headersTimeout = TIMEOUTS.headersMs
  await server.register(loadShedding, config.overload ?? {})
  await server.register(dubanApp, deps)
  await server.ready()
  return server
}

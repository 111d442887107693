/**
 * A fastify server around the app plugin: logging, body limits, request ids. Separate from
 * main.ts so tests start real servers on port 0 without touching the process.
 */

import type { Config } from '@duban/runtime'
import Fastify, { type FastifyInstance } from 'fastify'
import { type AppDeps, dubanApp } from './app'
import { clientErrorHandler, frameworkErrors } from './http/client-errors'
import { type LoadSheddingOptions, loadShedding } from './plugins/load-shedding'
import { type StandingsWarmerTiming, standingsWarmer } from './plugins/standings-warmer'

/**
 * Deliberate timeouts: a client has 10 s to send its headers and 30 s for the whole request
 * (a slow body holds a connection, not the server); an idle keep-alive connection closes after 5 s.
 */
const TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 } as const

export async function createServer(
  config: Pick<Config, 'logLevel' | 'bodyLimit'> & {
    overload?: LoadSheddingOptions
    trustedProxies?: readonly string[]
    /** The warm of each new business date's standings: how often the date is looked at, and so on. */
    standingsWarmer?: StandingsWarmerTiming
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
  if (deps.readModels)
    await server.register(standingsWarmer, {
      readModels: deps.readModels,
      busy: startingOrShedding(server, deps),
      ...config.standingsWarmer,
    })
  await server.ready()
  return server
}

/**
 * Busy for background work: shedding load, or still starting — the log's chain being walked, the
 * delivery index catching up with the log (the start-up passes, themselves in slices beside the
 * requests). Once both were over, only shedding counts.
 */
function startingOrShedding(server: FastifyInstance, deps: AppDeps): () => Promise<boolean> {
  let started = false
  return async () => {
    if (server.shedding()) return true
    if (started) return false
    if (deps.logGuard?.status().integrity === 'checking') return true
    const delivery = await deps.delivery?.dispatcher?.status()
    started = (delivery?.lag ?? 0) === 0
    return !started
  }
}

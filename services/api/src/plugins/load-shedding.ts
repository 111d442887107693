/**
 * Load shedding: under more load than it can serve, the server answers 503 problem+json with
 * Retry-After at once, instead of queueing requests until every one times out. Two signals:
 * the event loop's delay (@fastify/under-pressure), and a bound on requests in flight (a queue
 * that cannot grow without limit). Routes marked `config: { shed: false }` —
 * /health and sign-in — are always served, so the operator and the people signing in still get
 * through; they are cheap.
 */
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { PROBLEM_CONTENT_TYPE, problem } from '../http/problem'

export interface LoadSheddingOptions {
  /** Requests being served at once beyond which new ones get 503; default 64. */
  maxInFlight?: number
  /**
   * Mean event-loop delay (ms) over the last interval of this length beyond which new requests
   * get 503; default 1000 (a server that holds its loop for a few hundred ms at a time on a busy
   * machine still keeps up; that is not overload), 0 to not check.
   */
  maxEventLoopDelayMs?: number
  /**
   * Event-loop utilisation (0–1, over the last 250 ms) beyond which new requests get 503; default
   * 0, not checked: a server busy at full speed is near 1 while it still keeps up; delay and the
   * queue bound say when it no longer does.
   */
  maxEventLoopUtilization?: number
  /** Seconds a refused client should wait; default 2. */
  retryAfterSeconds?: number
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: never shed this route (health, sign-in). */
    shed?: boolean
  }
  interface FastifyInstance {
    /** Whether a new request would be refused now: background work waits while it would. */
    shedding(): boolean
  }
}

const DETAIL = '服务器当前繁忙,请稍后重试。'

export const loadShedding = fp<LoadSheddingOptions>(
  async (app: FastifyInstance, options) => {
    const maxInFlight = options.maxInFlight ?? 64
    const retryAfter = options.retryAfterSeconds ?? 2
    /** Sets the status and headers of a refusal and returns its body. */
    const refusal = (reply: FastifyReply, reason: string) => {
      reply.code(503).header('retry-after', String(retryAfter)).type(PROBLEM_CONTENT_TYPE)
      return { ...problem('overloaded', DETAIL, { reason }), instance: reply.request.url }
    }

    let inFlight = 0
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.shed === false) return
      if (inFlight >= maxInFlight) return reply.send(refusal(reply, 'requests-in-flight'))
      inFlight += 1
      // Counted down once, whether the answer was sent or the client went away.
      let counted = true
      const done = () => {
        if (counted) inFlight -= 1
        counted = false
      }
      reply.raw.once('finish', done)
      reply.raw.once('close', done)
    })

    const maxEventLoopDelay = options.maxEventLoopDelayMs ?? 1000
    await app.register(underPressure, {
      maxEventLoopDelay,
      maxEventLoopUtilization: options.maxEventLoopUtilization ?? 0,
      eventLoopUtilizationMode: 'interval',
      // under-pressure reads the mean of its delay histogram once per interval, and an interval
      // without one sample (the loop held all through it) reads as an infinite delay. Over 250 ms,
      // one 300 ms stall — a calm server descheduled on a busy machine — refused requests as if
      // the delay were past any bound; over the bound itself, an empty interval means what the
      // bound says: the loop was held at least that long.
      sampleInterval: Math.max(250, maxEventLoopDelay),
      // A returned body is sent as the answer; undefined lets the request through.
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string) => {
        if (request.routeOptions.config.shed === false) return undefined
        return refusal(reply, type)
      }) as unknown as (request: FastifyRequest, reply: FastifyReply, type: string) => void,
    })
    app.decorate('shedding', () => inFlight >= maxInFlight || app.isUnderPressure())
  },
  { name: 'load-shedding' },
)

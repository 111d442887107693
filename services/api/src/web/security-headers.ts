/**
 * Security headers on every response (helmet): a CSP that runs no inline script and no script
 * from elsewhere (the pages need none), no framing, forms posting only here.
 * With these options helmet's headers do not depend on the request, so its middleware runs once,
 * at start, on a recording response, and each request gets the recorded headers: running its
 * chain of a dozen middlewares per request was 2% of a progress report's CPU (and @fastify/helmet
 * builds the chain anew on every request, parsing the CSP each time: a fifth of /health's time).
 * fastify-plugin: the headers must reach every route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

/** helmet's options for every response. */
export const helmetOptions: HelmetOptions = {
  // A form's page is named to this site only (never elsewhere), so a refused form is shown again on it.
  referrerPolicy: { policy: 'same-origin' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
}

export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    const setHeaders = helmet(helmetOptions)
    const { set, removed } = recordedHeaders(setHeaders)
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of set) reply.raw.setHeader(name, value)
      for (const name of removed) reply.raw.removeHeader(name)
      done()
    })
  },
  { name: 'security-headers' },
)

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/** The headers a middleware sets and removes, run once on a response that only records them. */
export function recordedHeaders(middleware: Middleware): {
  set: [string, string | number | readonly string[]][]
  removed: string[]
} {
  const set = new Map<string, string | number | readonly string[]>()
  const removed = new Set<string>()
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name.toLowerCase(), value)
      removed.delete(name.toLowerCase())
      return response
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase())
      removed.add(name.toLowerCase())
    },
  }
  let finished = false
  let failed: unknown
  middleware({ headers: {} } as IncomingMessage, response as unknown as ServerResponse, (error) => {
    finished = true
    failed = error
  })
  // helmet runs its middlewares in one synchronous pass; anything else could not be recorded.
  if (!finished) throw new Error('the security-header middleware did not finish at once')
  if (failed) throw failed
  return { set: [...set], removed: [...removed] }
}

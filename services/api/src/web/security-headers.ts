/**
 * Security headers on every response (@fastify/helmet): a CSP that runs no inline script and no
 * script from elsewhere (the pages need none), no framing, forms posting only here.
 * fastify-plugin: the headers must reach every route.
 */
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
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
    })
  },
  { name: 'security-headers' },
)

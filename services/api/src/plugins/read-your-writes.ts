/**
 * Read-your-writes for the read models: the server applies commits to them a few ms late, several
 * commits in one transaction (`READ_MODEL_COALESCE_MS`; the busiest write path spent a fifth of
 * its time applying commit by commit), so a GET first waits until they hold every commit this
 * process has acknowledged. A client that got 201 and then asks a view (or follows a form's
 * redirect) sees its write. Costs nothing while nothing is pending.
 * fastify-plugin: the hook must reach every route, the web pages' as well as the API's views.
 */
import type { ReadModels } from '@duban/read-models'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** How long the server's read models put off applying a commit, to apply the next ones with it (ms). */
export const READ_MODEL_COALESCE_MS = 20

export const readYourWrites = fp(
  async (app: FastifyInstance, { readModels }: { readModels: Pick<ReadModels, 'current'> }) => {
    app.addHook('onRequest', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD') await readModels.current()
    })
  },
  { name: 'read-your-writes' },
)

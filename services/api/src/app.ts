/**
 * The Duban HTTP API as one encapsulated fastify plugin. It owns no resources: the store and
 * the clock are handed in, so tests, the embedded server and scaled deployments wire it alike.
 */
import { businessDateOf } from '@duban/calendar'
import type { Dispatcher, SecretBox } from '@duban/delivery'
import type { EventStore, LogGuard } from '@duban/eventstore'
import type { Clock, DistrictsAsOf, LedgerDeps } from '@duban/ledger'
import type { ReadModels } from '@duban/read-models'
import type { AttachmentStore, DraftStore, UserStore } from '@duban/runtime'
import type { UnitDirectory } from '@duban/units'
import type { FastifyPluginAsync } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { attachmentRoutes } from './attachments/routes'
import { authentication } from './auth/plugin'
import { authRoutes } from './auth/routes'
import { isBoundTo } from './auth/task-units'
import { openApi } from './plugins/openapi'
import { problemDetails } from './plugins/problem-details'
import { readYourWrites } from './plugins/read-your-writes'
import { assignmentRoutes } from './routes/assignments'
import { deliveryRoutes } from './routes/delivery'
import { draftRoutes } from './routes/drafts'
import { healthRoutes } from './routes/health'
import { indicatorCorrectionRoutes } from './routes/indicator-corrections'
import { planRoutes } from './routes/plans'
import { queryRoutes } from './routes/queries/query-routes'
import { reportingRoutes } from './routes/reporting-routes'
import { taskRoutes } from './routes/tasks'
import type { AliasBook } from './web/alias-book'
import { webNotFoundPage } from './web/errors'
import { multipartForms } from './web/multipart'
import { webWorkspace } from './web/plugin'
import { securityHeaders } from './web/security-headers'

export interface AppDeps {
  store: EventStore
  /** Which adapter the store is, for /health: "sqlite", "postgres", "eventstoredb". */
  storeKind: string
  clock: Clock
  ledger: LedgerDeps
  units: UnitDirectory
  /** Plan drafts under review: not events until confirmed. */
  drafts: DraftStore
  /** The district governments (区县政府) on a date: a confirmed plan binds those of its own date. */
  districtsAsOf: DistrictsAsOf
  /** User accounts, sessions and bearer tokens. */
  users: UserStore
  /** Reports' evidence files by content hash; without it, uploads and downloads answer 503. */
  attachments?: AttachmentStore
  /** The read models behind the /views endpoints (and the projections' lag in /health). */
  readModels?: ReadModels
  /** Unit names the office confirmed in review; in memory when absent. */
  aliases?: AliasBook
  /** The log's own check (integrity, anchor, disk faults), for /health and read warnings. */
  logGuard?: Pick<LogGuard, 'status'>
  /** Delivery: the key that seals channel secrets, and the dispatcher if this process runs one. */
  delivery?: { secrets: SecretBox; dispatcher?: Dispatcher }
}

export const dubanApp: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Commands are JSON; fastify's default text/plain parser would turn a form into a string body.
  app.removeContentTypeParser('text/plain')
  await app.register(problemDetails, { notFoundPage: webNotFoundPage(deps) })
  if (deps.logGuard) {
    const guard = deps.logGuard
    // Reads go on from a log that failed its check, but every answer says so.
    app.addHook('onSend', async (_request, reply) => {
      if (guard.status().integrity === 'broken') {
        reply.header('warning', '199 duban "the event log failed its check; writes are suspended"')
      }
    })
  }
  await app.register(securityHeaders)
  if (deps.readModels) await app.register(readYourWrites, { readModels: deps.readModels })
  await app.register(openApi)
  // File uploads' fields (their CSRF token) must be in the body before authentication checks it.
  await multipartForms(app)
  await app.register(authentication, {
    users: deps.users,
    isBoundTo: (taskId, unitId) => isBoundTo(deps.store, taskId, unitId),
  })
  await app.register(authRoutes, deps)
  await app.register(healthRoutes, deps)
  await app.register(planRoutes, deps)
  await app.register(taskRoutes, deps)
  await app.register(indicatorCorrectionRoutes, deps)
  await app.register(assignmentRoutes, deps)
  await app.register(attachmentRoutes, deps)
  await app.register(draftRoutes, deps)
  await app.register(deliveryRoutes, deps)
  await app.register(queryRoutes, {
    readModels: deps.readModels,
    units: deps.units,
    today: () => businessDateOf(deps.clock.now()),
  })
  await app.register(reportingRoutes, { ledger: deps.ledger, readModels: deps.readModels, units: deps.units })
  await app.register(webWorkspace, deps)
}

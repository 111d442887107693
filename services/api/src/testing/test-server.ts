/**
 * A real Duban server for tests: a fresh SQLite log in a temporary directory, listening on an
 * ephemeral port, torn down with the test. Requests go over real HTTP.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { latestCalendar } from '@duban/calendar'
import { type Channel, type ChannelKind, Dispatcher, SecretBox } from '@duban/delivery'
import type { LogGuard } from '@duban/eventstore'
import { type Clock, fixedClock } from '@duban/ledger'
import type { ReadModels } from '@duban/read-models'
import {
  type AttachmentStore,
  chongqingUnits,
  openEmbeddedLedger,
  openEmbeddedReadModels,
  type UserStore,
} from '@duban/runtime'
import type { FastifyInstance } from 'fastify'
import { openApiLogGuard } from '../log-guard'
import type { LoadSheddingOptions } from '../plugins/load-shedding'
import type { StandingsWarmerTiming } from '../plugins/standings-warmer'
import { createServer } from '../server'
import { bearerTokens, type TestUser } from './acting-as'

export interface TestServer {
  url: string
  server: FastifyInstance
  dataDir: string
  file: string
  users: UserStore
  readModels: ReadModels
  /** The dispatcher, when started with `delivery`. */
  dispatcher?: Dispatcher
  logGuard: LogGuard
  /** Stops the server and closes its files (also done at teardown). */
  close(): Promise<void>
  /** A bearer token for the user, created (with its account) on first use. */
  tokenFor(user: TestUser): Promise<string>
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<TestResponse>
}

export interface TestResponse {
  status: number
  headers: Headers
  body: unknown
  text: string
}

export interface Teardown {
  teardown(fn: () => unknown): void
}

export async function startTestServer(
  t: Teardown,
  options: {
    clock?: Clock
    bodyLimit?: number
    /** Run a dispatcher (ticked by the test) with these channels; secrets sealed with a fresh key. */
    delivery?: { channels: Partial<Record<ChannelKind, Channel>> }
    /** An existing data directory (the caller removes it); default a fresh one, removed after. */
    dataDir?: string
    /**
     * Load shedding; default none: the test shares the server's event loop (its own busy work
     * would read as load) and some tests send hundreds of requests at once on purpose.
     */
    overload?: LoadSheddingOptions
    trustedProxies?: string[]
    /** The warm of each new business date's standings (plugins/standings-warmer.ts); default as in production. */
    standingsWarmer?: StandingsWarmerTiming
    /** Wraps the data directory's attachment store: a test's hook into a request half-way. */
    attachments?: (store: AttachmentStore) => AttachmentStore
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'duban-api-'))
  const clock = options.clock ?? fixedClock('2023-06-15T02:00:00Z')
  const embedded = openEmbeddedLedger({ dataDir }, clock)
  const { file, drafts, users } = embedded
  const attachments = options.attachments ? options.attachments(embedded.attachments) : embedded.attachments
  const logGuard = await openApiLogGuard({ kind: 'sqlite', url: file, display: file, file }, embedded.store)
  const store = logGuard.store
  const ledger = { ...embedded.ledger, store }
  const readModels = openEmbeddedReadModels({ dataDir }, store, clock)
  await readModels.start()
  const secrets = new SecretBox(randomBytes(32))
  const dispatcher =
    options.delivery &&
    new Dispatcher({
      store,
      indexFile: path.join(dataDir, 'delivery.sqlite'),
      clock,
      secrets,
      channels: options.delivery.channels,
      baseUrl: 'http://duban.test',
      unitName: (id) => id,
      days: latestCalendar(),
    })
  const server = await createServer(
    {
      logLevel: (process.env.DUBAN_TEST_LOG_LEVEL as 'silent') ?? 'silent',
      bodyLimit: options.bodyLimit ?? 1_048_576,
      ...(options.trustedProxies && { trustedProxies: options.trustedProxies }),
      ...(options.standingsWarmer && { standingsWarmer: options.standingsWarmer }),
      overload: options.overload ?? {
        maxInFlight: Number.POSITIVE_INFINITY,
        maxEventLoopDelayMs: 0,
        maxEventLoopUtilization: 0,
      },
    },
    {
      store,
      storeKind: 'sqlite',
      clock,
      ledger,
      drafts,
      attachments,
      users,
      readModels,
      logGuard,
      ...chongqingUnits(),
      delivery: { secrets, ...(dispatcher && { dispatcher }) },
    },
  )
  const url = await server.listen({ port: 0, host: '127.0.0.1' })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await server.close()
    await dispatcher?.close()
    await readModels.close()
    await logGuard.close()
    await embedded.close()
  }
  t.teardown(async () => {
    await close()
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  const tokens = bearerTokens(users)

  async function request(
    method: string,
    route: string,
    opts: Parameters<TestServer['request']>[2] = {},
  ): Promise<TestResponse> {
    const headers = await tokens.resolve({ ...opts.headers })
    let body: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(`${url}${route}`, {
      method,
      headers,
      // Redirects are answers to check (a page sends the anonymous to sign in), not to follow.
      redirect: 'manual',
      ...(body !== undefined ? { body } : {}),
    })
    const text = await response.text()
    let parsed: unknown = text
    if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text)
    return { status: response.status, headers: response.headers, body: parsed, text }
  }

  return {
    url,
    server,
    dataDir,
    file,
    users,
    readModels,
    ...(dispatcher && { dispatcher }),
    logGuard,
    close,
    tokenFor: tokens.tokenFor,
    request,
  }
}

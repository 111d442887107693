/**
 * What every view endpoint shares: `asOf`, paging, ETags and the problems a view can answer with.
 * Problems: a malformed date, position or parameter → 400; an unknown unit, plan or task → 404;
 * a well-formed `asOf` the log cannot answer (after today, or a position beyond its head) → 422.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { AsOf } from '@duban/read-models'
import { ViewError } from '@duban/read-models'
import type { UnitDirectory } from '@duban/units'
import negotiate from '@fastify/accept-negotiator'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { HttpProblem, httpProblem, Problem, problem } from '../../http/problem'

export const AsOfQuery = z.object({
  asOf: z
    .string()
    .max(32)
    .optional()
    .describe('A business date YYYY-MM-DD (end of that day, Asia/Shanghai) or a log position; default now'),
})

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('Rows per page, default 50'),
  offset: z.coerce.number().int().min(0).optional().describe('Rows to skip, default 0'),
})

export const AsOfBody = z
  .object({
    date: z.string().describe('The business date lights and stages are evaluated on'),
    position: z.number().int().describe('The log position the view stands at'),
    live: z.boolean(),
  })
  .meta({ id: 'AsOf' })

export const PageBody = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const viewProblems = {
  400: Problem.describe('A malformed asOf date or position, or a parameter out of range'),
  404: Problem.describe('No such unit, plan or task'),
  422: Problem.describe('asOf after today, or a position beyond the log'),
} as const

/** A view's refusal as a problem (every error handler maps it through here, pages' too). */
export const viewProblem = (error: ViewError): Problem =>
  error.kind === 'unprocessable'
    ? {
        type: 'https://duban.dev/problems/as-of-unanswerable',
        title: 'The log cannot answer as of that moment',
        status: 422,
        detail: error.message,
      }
    : problem(error.kind, error.message)

/** Runs a view, mapping its refusals to problem+json. */
export async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof ViewError)) throw error
    throw new HttpProblem(viewProblem(error))
  }
}

/**
 * A view's ETag: the log position and the date it stands at — the same URL at the same
 * position and date always gives the same body. Answers 304 when the client has it.
 */
export function withETag<T extends { asOf: AsOf }>(
  request: FastifyRequest,
  reply: FastifyReply,
  view: T,
): (T & Record<string, unknown>) | null {
  const tag = etagOf(view.asOf)
  reply.header('etag', tag)
  reply.header('cache-control', 'private, no-cache')
  if (request.headers['if-none-match'] === tag) {
    reply.code(304)
    return null
  }
  return view as T & Record<string, unknown>
}

/**
 * A unit id or a unit's name (市商务委) → its id, the name read as of `date` (两江新区 is the
 * development zone in 2023, the district from 2025-11-06); 404 when neither the directory nor
 * any assignment knows it.
 */
export function unitIdOf(
  units: UnitDirectory,
  known: (unitId: string) => boolean,
  unit: string,
  date: string,
): string {
  if (units.get(unit) || known(unit)) return unit
  const resolved = units.resolve(unit, date)?.unit.id
  if (resolved) return resolved
  throw httpProblem('not-found', `no unit ${unit}`)
}

/**
 * Views change only when the log moves (or the date turns): a view's JSON is kept by URL with
 * the read-model position and date it was made at, and sent as is until either moves — no query,
 * no serialising. Only for views whose body depends on the URL alone (not on who asks). Bounded:
 * the least recently used are dropped beyond `max`.
 */
/** Bodies at least this large are sent compressed to a client that accepts it (below, it does not pay). */
export const COMPRESS_THRESHOLD = 8 * 1024

type Encoding = 'br' | 'gzip'
const ENCODINGS: Encoding[] = ['br', 'gzip']
const compressors: Record<Encoding, (body: Buffer) => Buffer> = {
  // Quality 5: within a few percent of the best for JSON, at a fraction of the time.
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (body) => gzipSync(body, { level: 6 }),
}

interface Entry {
  stamp: string
  etag: string
  body: Buffer
  /** The body compressed, each encoding made once, when a client first asks for it. */
  encoded: Partial<Record<Encoding, Buffer>>
}

export class ViewCache {
  /** The body is kept as UTF-8 bytes: sending a string re-encodes ~100 KB of Chinese on every answer. */
  private readonly entries = new Map<string, Entry>()

  constructor(
    /** The read models' position and today's date: what a view's body depends on besides its URL. */
    private readonly stamp: () => string,
    private readonly max = 256,
  ) {}

  async serve<T extends { asOf: AsOf }>(
    request: FastifyRequest,
    reply: FastifyReply,
    schema: z.ZodType,
    compute: () => Promise<T>,
  ): Promise<FastifyReply | null> {
    const stamp = this.stamp()
    let entry = this.entries.get(request.url)
    if (entry?.stamp === stamp) {
      this.entries.delete(request.url)
      this.entries.set(request.url, entry)
    } else {
      const view = await compute()
      const body = Buffer.from(JSON.stringify(schema.parse(view)))
      entry = { stamp, etag: etagOf(view.asOf), body, encoded: {} }
      this.entries.set(request.url, entry)
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!)
    }
    reply.header('etag', entry.etag)
    reply.header('cache-control', 'private, no-cache')
    if (request.headers['if-none-match'] === entry.etag) {
      reply.code(304)
      return null
    }
    reply.type('application/json; charset=utf-8')
    if (entry.body.length < COMPRESS_THRESHOLD) return reply.send(entry.body)
    reply.header('vary', 'accept-encoding')
    const accepted = request.headers['accept-encoding']
    const encoding = accepted ? negotiate(accepted, ENCODINGS) : null
    if (!encoding) return reply.send(entry.body)
    // Compressed once per log position, not per answer (@fastify/compress leaves an encoded body be).
    entry.encoded[encoding] ??= compressors[encoding](entry.body)
    return reply.header('content-encoding', encoding).send(entry.encoded[encoding])
  }
}

const etagOf = (asOf: AsOf) => `W/"${asOf.position}.${asOf.date}"`

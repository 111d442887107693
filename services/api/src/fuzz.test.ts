/**
 * A standing fuzz of EVERY route in the OpenAPI document (fast-check, seeded and bounded): each
 * route is called as each role and anonymously, with inputs derived from its own schemas
 * (json-schema-faker, seeded by fast-check) and with garbage — random JSON, raw text, NUL and lone
 * surrogates, ids that name nothing, a wrong content type, a bad If-Match. Whatever comes in:
 * - no 5xx (503 is the one allowed: the log guard's or a full disk's deliberate refusal);
 * - every error is application/problem+json;
 * - a rejected request (4xx) changes nothing: the log's head does not move.
 *
 * Seed and size: DUBAN_FUZZ_SEED (default fixed, so CI is reproducible) and DUBAN_FUZZ_RUNS (per route).
 */

import type { UserRole } from '@duban/runtime'
import fc from 'fast-check'
import { generateSync, type JsonSchema } from 'json-schema-faker'
import t from 'tap'
import { accessTable, PUBLIC, routeKey } from './auth/access-table'
import type { TestUser } from './testing/acting-as'
import { actingAs } from './testing/acting-as'
import { LEAD_UNIT, planBody, reportBody, supervisionOffice, taskBody } from './testing/fixtures'
import { startTestServer } from './testing/test-server'

const SEED = Number(process.env.DUBAN_FUZZ_SEED ?? 16_2026)
const RUNS = Number(process.env.DUBAN_FUZZ_RUNS ?? 10)

interface Parameter {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema?: JsonSchema
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, JsonSchema> }
}

const roles: Record<string, TestUser | undefined> = {
  anonymous: undefined,
  unit_reporter: { id: 'fuzz-reporter', unitId: LEAD_UNIT, roles: ['unit_reporter'] },
  unit_approver: { id: 'fuzz-approver', unitId: LEAD_UNIT, roles: ['unit_approver'] },
  supervision_officer: {
    id: 'fuzz-officer',
    unitId: 'cq-zhengfubangongting',
    roles: ['supervision_officer'],
  },
  leadership: { id: 'fuzz-leader', unitId: 'cq-zhengfubangongting', roles: ['leadership'] },
  administrator: { id: 'fuzz-admin', unitId: 'cq-zhengfubangongting', roles: ['administrator'] },
}

/** Ids the ledger knows, so schema-shaped requests reach past "no such task" into the deciders. */
const known: Record<string, string[]> = {
  planId: [planBody.planId],
  taskId: [taskBody.taskId],
  unitId: [LEAD_UNIT, '市商务委', 'cq-fazhangaigewei'],
  reportId: ['r1'],
}

/** Strings no text field should take quietly. */
const nasty = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '../../etc/passwd',
  "'; DROP TABLE events; --",
  '%00',
  '%E4%B8',
  '<script>alert(1)</script>',
  'ｆｕｌｌｗｉｄｔｈ',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
)
const garbageString = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 8 }),
)
const garbageJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(garbageString, fc.oneof(garbageString, fc.integer(), fc.constant(null)), { maxKeys: 6 }),
)

type Mode = 'schema' | 'schema-known-ids' | 'garbage-body' | 'garbage-params' | 'raw-text' | 'wrong-type'

interface Case {
  role: string
  mode: Mode
  seed: number
  bodyGarbage: unknown
  raw: string
  paramGarbage: string[]
  queryGarbage: [string, string][]
  ifMatch: string | null
}

/**
 * The cases for one route: the role is one the access table lets through twice as often as any
 * role at all, so schema-shaped input gets past 403 into validation and the deciders.
 */
const casesFor = (granted: string[]): fc.Arbitrary<Case> =>
  fc.record({
    role: fc.oneof(
      { arbitrary: fc.constantFrom(...(granted.length > 0 ? granted : Object.keys(roles))), weight: 2 },
      { arbitrary: fc.constantFrom(...Object.keys(roles)), weight: 1 },
    ),
    mode: fc.constantFrom<Mode>(
      'schema',
      'schema-known-ids',
      'schema-known-ids',
      'garbage-body',
      'garbage-params',
      'raw-text',
      'wrong-type',
    ),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    bodyGarbage: garbageJson,
    raw: fc.oneof(garbageString, fc.constant('{"unterminated": '), fc.constant('[1,2,')),
    paramGarbage: fc.array(garbageString, { minLength: 4, maxLength: 4 }),
    queryGarbage: fc.array(fc.tuple(fc.constantFrom('asOf', 'limit', 'offset', 'plan', 'x'), garbageString), {
      maxLength: 3,
    }),
    // A header carries visible ASCII only (fetch refuses the rest before it is sent).
    ifMatch: fc.option(
      fc.oneof(fc.constant('"1"'), fc.constant('"999"'), fc.stringMatching(/^[!-~]{0,24}$/)),
      {
        nil: null,
      },
    ),
  })

/** The roles the access table grants the route (every one on a public route). */
function grantedRoles(method: string, path: string): string[] {
  const access = accessTable[routeKey(method, path.replace(/\{([^}]+)\}/g, ':$1'))]
  if (access === undefined) return []
  if (access === PUBLIC) return Object.keys(roles)
  return Object.keys(roles).filter(
    (role) => role !== 'anonymous' && access.roles[role as UserRole] !== 'none',
  )
}

/** A value shaped by the schema (refs into the document's components resolved), from the case's seed. */
function fromSchema(document: OpenApiDocument, schema: JsonSchema | undefined, seed: number): unknown {
  if (!schema) return undefined
  try {
    return generateSync(
      { ...(schema as object), components: document.components } as JsonSchema,
      {
        seed,
        alwaysFakeOptionals: seed % 2 === 0,
      } as never,
    )
  } catch {
    return undefined
  }
}

/** Percent-encodes a path segment; a lone surrogate goes as the bytes a careless client would send. */
const segment = (value: string): string =>
  [...value].map((char) => (/^[\ud800-\udfff]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('')

const asString = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? 'x' : JSON.stringify(value)

t.test('every route, as every role, with schema-shaped and garbage input', async (t) => {
  const api = await startTestServer(t)
  // A small ledger, so ids in paths can name something: a plan, its task, assigned to 市商务委 and
  // acknowledged, one report.
  const lead = actingAs(roles.unit_approver!)
  for (const [path, body, headers] of [
    ['/plans', planBody, supervisionOffice],
    ['/tasks', taskBody, supervisionOffice],
    [`/tasks/${taskBody.taskId}/assignments`, { unitId: LEAD_UNIT, role: 'lead' }, supervisionOffice],
    [`/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}/acknowledge`, {}, lead],
    [`/tasks/${taskBody.taskId}/assignments/${LEAD_UNIT}/reports`, reportBody('r1'), lead],
  ] as const) {
    const response = await api.request('POST', path, { body, headers })
    if (response.status >= 300) throw new Error(`setup ${path}: ${response.status} ${response.text}`)
  }
  const document = (await api.request('GET', '/docs/json')).body as OpenApiDocument
  const head = () => api.logGuard.store.headPosition()

  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  )
  // Signing out and revoking tokens end the fuzz users' sessions: those routes go last.
  const endsSessions = (path: string) => /\/auth\/token$|revoke|sessions/.test(path)
  operations.sort((a, b) => Number(endsSessions(a.path)) - Number(endsSessions(b.path)))
  t.ok(operations.length > 40, `${operations.length} operations in the document`)

  let requests = 0
  const statuses = new Map<number, number>()
  for (const [index, { path, method, operation }] of operations.entries()) {
    const parameters = operation.parameters ?? []
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema
    await t.test(`${method} ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(casesFor(grantedRoles(method, path)), async (input) => {
          const schemaMode = input.mode === 'schema' || input.mode === 'schema-known-ids'
          let garbageIndex = 0
          const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
            const parameter = parameters.find((p) => p.in === 'path' && p.name === name)
            let value: string
            if (input.mode === 'garbage-params') value = input.paramGarbage[garbageIndex++ % 4]!
            else if (input.mode === 'schema')
              value = asString(fromSchema(document, parameter?.schema, input.seed))
            else {
              const ids = known[name] ?? ['x']
              value = ids[input.seed % ids.length]!
            }
            return segment(value)
          })
          const query = new URLSearchParams()
          if (input.mode === 'garbage-params') for (const [k, v] of input.queryGarbage) query.append(k, v)
          else if (schemaMode)
            for (const parameter of parameters.filter((p) => p.in === 'query')) {
              if (!parameter.required && input.seed % 3 === 0) continue
              const value = fromSchema(document, parameter.schema, input.seed + parameter.name.length)
              if (value !== undefined) query.append(parameter.name, asString(value))
            }
          const target = query.size > 0 ? `${url}?${query}` : url

          const user = roles[input.role]
          const headers: Record<string, string> = { ...(user ? actingAs(user) : {}) }
          if (input.ifMatch !== null && method !== 'GET') headers['if-match'] = input.ifMatch
          const options: { body?: unknown; rawBody?: string; headers: Record<string, string> } = { headers }
          if (method !== 'GET') {
            if (input.mode === 'raw-text') {
              headers['content-type'] = 'application/json'
              options.rawBody = input.raw
            } else if (input.mode === 'wrong-type') {
              headers['content-type'] = 'text/xml'
              options.rawBody = `<x>${input.raw}</x>`
            } else if (input.mode === 'garbage-body') {
              options.body = input.bodyGarbage ?? {}
            } else {
              options.body = fromSchema(document, bodySchema, input.seed) ?? {}
            }
          }

          const before = await head()
          let response: Awaited<ReturnType<typeof api.request>>
          try {
            response = await api.request(method, target, options)
          } catch (error) {
            throw new Error(
              `${method} ${target} as ${input.role}: the answer did not parse: ${String(error)}`,
            )
          }
          requests += 1
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          const said = `${method} ${target} as ${input.role} (${input.mode}) → ${response.status} ${response.text.slice(0, 300)}`
          if (response.status >= 500 && response.status !== 503) throw new Error(`a server error: ${said}`)
          if (response.status >= 400) {
            const type = response.headers.get('content-type') ?? ''
            if (!type.startsWith('application/problem+json'))
              throw new Error(`an error not as problem+json: ${said}`)
            const problem = response.body as { type?: unknown; title?: unknown; status?: unknown }
            if (typeof problem.type !== 'string' || problem.status !== response.status)
              throw new Error(`a malformed problem: ${said}`)
            const after = await head()
            if (after !== before)
              throw new Error(`a rejected request moved the log ${before} → ${after}: ${said}`)
          }
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      )
    })
  }
  t.ok(requests >= operations.length * RUNS, `${requests} requests`)
  t.comment(
    `statuses: ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ')}`,
  )
})

/**
 * Every error leaves the API as application/problem+json (RFC 9457). `type` is a stable URI
 * per kind of problem, so clients branch on it rather than on the prose in `detail`.
 */
import { z } from 'zod'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const Problem = z
  .object({
    type: z.string().describe('A URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' })
export type Problem = z.infer<typeof Problem>

const kinds = {
  'bad-request': { status: 400, title: 'Bad request' },
  validation: { status: 400, title: 'The request does not match the schema' },
  unauthenticated: { status: 401, title: 'Not signed in' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  'version-conflict': { status: 409, title: 'The resource changed since you read it' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'domain-rule': { status: 422, title: 'The command breaks a rule' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  internal: { status: 500, title: 'Internal server error' },
  'storage-unavailable': { status: 503, title: 'Storage unavailable' },
  'log-integrity': { status: 503, title: 'The event log failed its check; writes are suspended' },
  overloaded: { status: 503, title: 'Too busy' },
} as const

export type ProblemKind = keyof typeof kinds

export function problem(
  kind: ProblemKind,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const { status, title } = kinds[kind]
  return {
    type: `https://duban.dev/problems/${kind}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...extensions,
  }
}

/** Thrown by handlers for problems that are not domain errors (a bad header, a missing resource). */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title)
  }
}

export const httpProblem = (kind: ProblemKind, detail?: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(problem(kind, detail, extensions))

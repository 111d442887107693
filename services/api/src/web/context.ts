/** What every page handler needs to know about the request: who, as of when, and a CSRF token. */
import { businessDateOf } from '@duban/calendar'
import type { LogGuard } from '@duban/eventstore'
import type { Clock } from '@duban/ledger'
import type { User } from '@duban/runtime'
import type { UnitDirectory } from '@duban/units'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { accessTable, PUBLIC, scopeFor } from '../auth/access-table'
import { csrfToken } from '../auth/plugin'
import { httpProblem } from '../http/problem'
import type { PageContext } from './layout'

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function pageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { clock: Clock; units: UnitDirectory; logGuard?: Pick<LogGuard, 'status'> | undefined },
): PageContext {
  const today = businessDateOf(deps.clock.now())
  const asked = (request.query as { asOf?: string }).asOf
  if (asked !== undefined && asked !== '' && (!DATE.test(asked) || Number.isNaN(Date.parse(asked)))) {
    throw httpProblem('bad-request', `asOf must be a date such as 2023-06-30; got ${asked}`)
  }
  const asOf = asked && asked < today ? asked : today
  return {
    user: request.user!,
    unitName: (unitId) =>
      deps.units.periodAsOf(unitId, asOf)?.name ?? deps.units.get(unitId)?.periods.at(-1)?.name ?? unitId,
    asOf,
    today,
    csrf: csrfToken(request, reply),
    path: request.url.split('?')[0] ?? '/',
    logBroken: deps.logGuard?.status().integrity === 'broken',
  }
}

/** Whether the user's roles open the route at all (the form is shown only then; the server still checks). */
export function mayUse(user: User, key: string): boolean {
  const access = accessTable[key]
  return access !== undefined && (access === PUBLIC || scopeFor(access, user.roles) !== 'none')
}

/** A history view is read-only: forms appear only on today's ledger. */
export const canAct = (context: PageContext) => context.asOf === context.today

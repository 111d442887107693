/**
 * The rules a bulletin counts with, by version: the escalation ladder (policy data in the
 * domain) and the working-day calendar. Old versions stay resolvable, so a bulletin published
 * under them regenerates with them.
 */
import { calendarVersion, latestCalendar } from '@duban/calendar'
import { policy } from '@duban/domain'
import type { Rules } from './bulletin/documents'

/**
 * `ladder`: the one for obligations that recorded none (each other obligation walks the ladder
 * it recorded, read from the log) — the read models' own default, so a bulletin counts as the
 * views do.
 */
export function publishedRules(ladder: policy.EscalationPolicy = policy.unrecordedLadder): Rules {
  return {
    ladder: (version) => (version === ladder.version ? ladder : policy.escalationPolicy(version)),
    workingDays: (version) => calendarVersion(version),
    current: { ladderVersion: ladder.version, calendarVersion: latestCalendar().version },
  }
}

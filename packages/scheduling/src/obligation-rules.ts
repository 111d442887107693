/**
 * Which ladder and which calendar an obligation is walked with: the versions recorded on it when
 * it was opened. An obligation that recorded no ladder walked `policy.unrecordedLadder`
 * (ladder-2022.1), so an old ledger goes on, and replays, under the rules it was recorded with.
 */
import { type Calendar, calendarVersion } from '@duban/calendar'
import { policy } from '@duban/domain'
import { memoizedCalendar } from './memo-calendar'

export interface ObligationRules {
  ladderOf(facts: Pick<policy.ObligationFacts, 'ladderVersion'>): policy.EscalationPolicy
  calendarOf(facts: Pick<policy.ObligationFacts, 'calendarVersion'>): Calendar
}

/** `ladder`: the ladder new obligations are opened under; `calendar`: today's calendar. */
export function obligationRules(ladder: policy.EscalationPolicy, calendar: Calendar): ObligationRules {
  const calendars = new Map<string, Calendar>([[calendar.version, calendar]])
  return {
    ladderOf: (facts) => {
      const version = facts.ladderVersion
      if (version === ladder.version) return ladder
      return version === undefined ? policy.unrecordedLadder : policy.escalationPolicy(version)
    },
    calendarOf: (facts) => {
      const version = facts.calendarVersion ?? calendar.version
      let found = calendars.get(version)
      if (!found) {
        found = memoizedCalendar(calendarVersion(version))
        calendars.set(version, found)
      }
      return found
    },
  }
}

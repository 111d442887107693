/** The rules the queries evaluate lights with: a ladder version and a working-day calendar. */
import type { policy } from '@duban/domain'

export interface Policies {
  ladder: policy.EscalationPolicy
  workingDays: policy.WorkingDays
}

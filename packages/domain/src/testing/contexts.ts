/** Command contexts for specifications: who acts, at a fixed instant. */
import type { CommandContext } from '../decider'

export const now = new Date('2023-04-03T02:00:00Z')

export const office: CommandContext = {
  now,
  actor: { userId: 'u-duchaban-1', unitId: 'cq.duchaban', roles: ['supervision_office'] },
}

export const scheduler: CommandContext = {
  now,
  actor: { userId: 'system:scheduler', unitId: null, roles: ['scheduler'] },
}

export const unit = (unitId: string): CommandContext => ({ now, actor: { userId: `u-${unitId}`, unitId } })

/** A calendar where weekends are the only rest days: enough to test the working-day rule. */
export const weekdaysOnly = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day !== 0 && day !== 6
}

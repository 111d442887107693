import type { Decider } from '../decider'
import { conflict } from '../errors'
import { requireSupervisionOffice } from '../guards'
import type { PlanCommand } from './commands'
import type { PlanEvent } from './events'

type PlanData = Extract<PlanEvent, { type: 'PlanRegistered' }>['data']

export type PlanState = { status: 'unregistered' } | ({ status: 'registered' } & PlanData)

export const planDecider: Decider<PlanState, PlanCommand, PlanEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterPlan': {
        requireSupervisionOffice(context, 'register a plan')
        if (state.status === 'registered') throw conflict(`plan ${state.planId} is already registered`)
        return [{ type: 'PlanRegistered', data: command.data }]
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PlanRegistered':
        return { status: 'registered', ...event.data }
      default:
        return state
    }
  },
}

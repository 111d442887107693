import type { Decider } from '../decider'
import { conflict, invalid, notFound } from '../errors'
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
      case 'AmendPlanPeriod': {
        requireSupervisionOffice(context, 'amend a plan (计划调整)')
        const { planId, amendmentId, periodTo, reason } = command.data
        if (state.status !== 'registered') throw notFound(`plan ${planId} is not registered`)
        if (periodTo <= state.period.to) {
          throw invalid(
            `an amendment extends the plan period: ${periodTo} is not after its last year ${state.period.to}`,
          )
        }
        return [
          {
            type: 'PlanPeriodAmended',
            data: {
              planId,
              amendmentId,
              previousPeriod: state.period,
              period: { from: state.period.from, to: periodTo },
              reason,
            },
          },
        ]
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PlanRegistered':
        return { status: 'registered', ...event.data }
      case 'PlanPeriodAmended':
        return state.status === 'registered' ? { ...state, period: event.data.period } : state
      default:
        return state
    }
  },
}

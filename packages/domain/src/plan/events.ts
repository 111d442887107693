import { z } from 'zod'
import { type DomainEventOf, defineEvent } from '../event-schema'
import { Id } from '../ids'
import { ReportingCadence } from '../policy/cadence'
import { BusinessDate, Line, Target, Text } from '../schemas'
import { PlanPeriod, Section } from './commands'

/** 行动计划立项: a plan and its sections, reporting policy and goals are on record. */
export const PlanRegistered = defineEvent(
  'PlanRegistered',
  z.strictObject({
    planId: Id,
    title: Line,
    issuer: Line.optional(),
    issuedOn: BusinessDate.optional(),
    period: PlanPeriod,
    sections: z.array(Section),
    reportingPolicy: ReportingCadence,
    goals: z.array(Target),
  }),
)

/** 计划调整: the plan period was extended; both periods are kept so the history reads without replay. */
export const PlanPeriodAmended = defineEvent(
  'PlanPeriodAmended',
  z.strictObject({
    planId: Id,
    amendmentId: Id,
    previousPeriod: PlanPeriod,
    period: PlanPeriod,
    reason: Text,
  }),
)

export const planEvents = [PlanRegistered, PlanPeriodAmended] as const
export type PlanEvent = DomainEventOf<(typeof planEvents)[number]>

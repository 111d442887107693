import { z } from 'zod'
import { Id } from '../ids'
import { defaultReportingCadence, ReportingCadence } from '../policy/cadence'
import { BusinessDate, distinct, Line, Target, Year } from '../schemas'

/** A plan section (行动 / 任务组), such as "一、推动外贸主体培育行动". */
export const Section = z.strictObject({ id: Id, title: Line })
export type Section = z.infer<typeof Section>

/** The plan period in whole years, "2022—2024". */
export const PlanPeriod = z
  .strictObject({ from: Year, to: Year })
  .refine((period) => period.from <= period.to, 'a plan period ends no earlier than it starts')
export type PlanPeriod = z.infer<typeof PlanPeriod>

/** Register an action plan (行动计划 立项), once the supervision office has confirmed its draft. */
export const RegisterPlan = z.strictObject({
  type: z.literal('RegisterPlan'),
  data: z.strictObject({
    planId: Id,
    title: Line,
    /** The issuing body as written, e.g. 重庆市人民政府办公厅. */
    issuer: Line.optional(),
    issuedOn: BusinessDate.optional(),
    period: PlanPeriod,
    sections: z
      .array(Section)
      .min(1)
      .refine((sections) => distinct(sections.map((s) => s.id)), 'section ids are unique'),
    reportingPolicy: ReportingCadence.default(defaultReportingCadence),
    /** Plan-level indicators (发展目标). */
    goals: z
      .array(Target)
      .default([])
      .refine((goals) => distinct(goals.map((g) => g.id)), 'goal ids are unique'),
  }),
})
export type RegisterPlan = z.infer<typeof RegisterPlan>

/**
 * 计划调整: the plan's period is extended by an explicit, reasoned amendment (a government
 * decision to prolong the plan). Only then may a task's deadline lie beyond the old period.
 */
export const AmendPlanPeriod = z.strictObject({
  type: z.literal('AmendPlanPeriod'),
  data: z.strictObject({
    planId: Id,
    amendmentId: Id,
    /** The new last year of the plan period. */
    periodTo: Year,
    /** Why, as the decision states it (the document that prolonged the plan). */
    reason: z.string().trim().min(1).max(20_000),
  }),
})
export type AmendPlanPeriod = z.infer<typeof AmendPlanPeriod>

export const PlanCommand = z.discriminatedUnion('type', [RegisterPlan, AmendPlanPeriod])
export type PlanCommand = z.infer<typeof PlanCommand>

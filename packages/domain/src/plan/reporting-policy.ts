import { z } from 'zod'

/**
 * How often the units of a plan report (报送周期) and when each report is due: on the
 * `dueWorkingDay`-th working day after the period ends. The default, quarterly and due on the
 * 5th working day, is the common practice of 督查 offices ("每季度结束后5个工作日内报送") and
 * keeps 45 units × 50 tasks to a reviewable load; a plan may choose monthly.
 */
export const ReportingPolicy = z.strictObject({
  cadence: z.enum(['monthly', 'quarterly']),
  dueWorkingDay: z.number().int().min(1).max(20),
})
export type ReportingPolicy = z.infer<typeof ReportingPolicy>

export const defaultReportingPolicy: ReportingPolicy = { cadence: 'quarterly', dueWorkingDay: 5 }

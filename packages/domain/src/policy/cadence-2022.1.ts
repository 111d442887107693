/**
 * Default cadence: quarterly, due on the 5th working day after the quarter ends. A three-year plan
 * is steered quarterly (季度调度); monthly reports from 90,000 assignments would be 1 million reports
 * a year for the office to review, most saying "in progress". Plans that need monthly reporting pick
 * a monthly cadence version per assignment.
 */
import type { ReportingCadence } from './cadence'
import { reportingCadenceSchema } from './cadence'

export const quarterly2022v1: ReportingCadence = reportingCadenceSchema.parse({
  version: 'cadence-2022.1',
  period: 'quarterly',
  dueOnWorkingDayAfter: 5,
})

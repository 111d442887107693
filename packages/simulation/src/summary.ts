/** What a simulation produced, counted from the log itself, and the lights at its end. */

import type { policy } from '@duban/domain'
import type { RecordedEvent } from '@duban/eventstore'
import type { Profile } from './behaviour'

type LightCounts = { green: number; yellow: number; red: number }

export interface UnitSummary extends LightCounts {
  unitId: string
  name: string
  profile: Profile
  assignments: number
  /** Why the unit's worst assignment shows its light: rule, and the reason in Chinese. */
  worst: { light: string; rule: string; because: string } | null
}

export interface SimulationSummary {
  from: string
  to: string
  seed: number
  /** The business date the lights are given for: the last simulated day. */
  asOf: string
  plans: number
  tasks: number
  assignments: number
  events: number
  reports: { submitted: number; accepted: number; returned: number }
  reminders: { dueSoon: number; overdue: number; manual: number }
  notices: { issued: number; answered: number }
  escalations: number
  extensions: { requested: number; granted: number; refused: number }
  completions: { requested: number; sentBack: number }
  closings: number
  /** Simulated commands the domain refused (the state had moved on); none expected in a normal run. */
  refusedCommands: number
  lights: { assignments: LightCounts; tasks: LightCounts }
  units: UnitSummary[]
}

export type EventCounts = Pick<
  SimulationSummary,
  | 'plans'
  | 'tasks'
  | 'assignments'
  | 'events'
  | 'reports'
  | 'reminders'
  | 'notices'
  | 'escalations'
  | 'extensions'
  | 'completions'
  | 'closings'
>

export function emptyCounts(): EventCounts {
  return {
    plans: 0,
    tasks: 0,
    assignments: 0,
    events: 0,
    reports: { submitted: 0, accepted: 0, returned: 0 },
    reminders: { dueSoon: 0, overdue: 0, manual: 0 },
    notices: { issued: 0, answered: 0 },
    escalations: 0,
    extensions: { requested: 0, granted: 0, refused: 0 },
    completions: { requested: 0, sentBack: 0 },
    closings: 0,
  }
}

export function count(counts: EventCounts, event: RecordedEvent): void {
  counts.events++
  switch (event.type) {
    case 'PlanRegistered':
      counts.plans++
      return
    case 'TaskRegistered':
      counts.tasks++
      return
    case 'TaskAssigned':
      counts.assignments++
      return
    case 'ProgressReportSubmitted':
      counts.reports.submitted++
      return
    case 'ProgressReportAccepted':
      counts.reports.accepted++
      return
    case 'ProgressReportReturned':
      counts.reports.returned++
      return
    case 'ReminderSent': {
      const kind = (event.data as { kind: string }).kind
      if (kind === 'due_soon') counts.reminders.dueSoon++
      else if (kind === 'overdue') counts.reminders.overdue++
      else counts.reminders.manual++
      return
    }
    case 'SupervisionNoticeIssued':
      counts.notices.issued++
      return
    case 'SupervisionNoticeAnswered':
      counts.notices.answered++
      return
    case 'EscalatedToLeadership':
      counts.escalations++
      return
    case 'ExtensionRequested':
      counts.extensions.requested++
      return
    case 'ExtensionGranted':
      counts.extensions.granted++
      return
    case 'ExtensionRefused':
      counts.extensions.refused++
      return
    case 'CompletionRequested':
      counts.completions.requested++
      return
    case 'CompletionSentBack':
      counts.completions.sentBack++
      return
    case 'AssignmentClosed':
    case 'TaskClosed':
      counts.closings++
      return
  }
}

export function lightCounts(verdicts: readonly { light: string }[]): LightCounts {
  const counts = { green: 0, yellow: 0, red: 0 }
  for (const { light } of verdicts) counts[light as keyof LightCounts]++
  return counts
}

export function unitSummaries(
  lights: policy.LightsReport,
  nameOf: (unitId: string) => string,
  profileOf: (unitId: string) => Profile,
): UnitSummary[] {
  return lights.units.map((unit) => ({
    unitId: unit.unitId,
    name: nameOf(unit.unitId),
    profile: profileOf(unit.unitId),
    assignments: unit.assignments,
    green: unit.green,
    yellow: unit.yellow,
    red: unit.red,
    worst: unit.worst && {
      light: unit.worst.verdict.light,
      rule: unit.worst.verdict.reason.rule,
      because: unit.worst.verdict.reason.because.zh,
    },
  }))
}

/** 签收, 报送义务 and 进展报送 with its review: the reporting half of the workflow. */

import { businessDateOf } from '@duban/calendar/business-date'
import type { CommandContext } from '../decider'
import { conflict, invalid, notFound } from '../errors'
import {
  requireSupervisionOffice,
  requireSupervisionOfficeOrScheduler,
  requireUnit,
  requireWorkingDay,
} from '../guards'
import { describe, type Handler, obligationOf, requireAcknowledged } from './context'
import type { Assignment } from './state'
import { requireUnitExists } from './transfer'

export const acknowledge: Handler<'AcknowledgeAssignment'> = (data, assignment, context) => {
  requireUnit(context, assignment.unitId, 'acknowledge (签收) its assignment')
  if (assignment.acknowledged) throw conflict(`${describe(assignment)} is already acknowledged`)
  return [{ type: 'AssignmentAcknowledged', data }]
}

export const openObligation: Handler<'OpenObligation'> = (data, assignment, context) => {
  // Periodic obligations follow from the reporting policy; ad-hoc ones are a person's request.
  if (data.kind === 'adhoc') requireSupervisionOffice(context, 'ask for an ad-hoc report')
  else requireSupervisionOfficeOrScheduler(context, 'open a reporting obligation')
  if (assignment.obligations[data.obligationId]) {
    throw conflict(`${describe(assignment)} already has obligation ${data.obligationId}`)
  }
  // No obligation for a unit after it ceased to exist (nor before it existed).
  requireUnitExists(context, assignment.unitId, businessDateOf(context.now), 'be opened an obligation')
  requireWorkingDay(context, data.dueDate, 'the report due date')
  return [{ type: 'ObligationOpened', data }]
}

export const submitReport: Handler<'SubmitProgressReport'> = (data, assignment, context, task) => {
  requireUnit(context, assignment.unitId, 'report progress (进展报送) on its assignment')
  requireAcknowledged(assignment, 'report')
  if (assignment.reports.has(data.reportId)) throw conflict(`report ${data.reportId} was already submitted`)
  if (data.obligationId !== undefined) {
    const obligation = obligationOf(assignment, data.obligationId)
    if (obligation.status === 'under_review') {
      throw conflict(`obligation ${data.obligationId} already has a report under review`)
    }
    if (obligation.status === 'met')
      throw conflict(`obligation ${data.obligationId} is already met by an accepted report`)
  }
  const targetIds = new Set(task.targets.map((target) => target.id))
  const unknown = data.indicatorValues
    .filter((value) => !targetIds.has(value.targetId))
    .map((value) => value.targetId)
  if (unknown.length > 0) {
    throw invalid(`task ${assignment.taskId} has no target ${unknown.join(', ')}`, { targetIds: unknown })
  }
  return [{ type: 'ProgressReportSubmitted', data }]
}

/** Accepting and returning both need a report that waits for review. */
function requireReviewable(assignment: Assignment, reportId: string, context: CommandContext): void {
  requireSupervisionOffice(context, 'review progress reports')
  const report = assignment.reports.get(reportId)
  if (!report) throw notFound(`${describe(assignment)} has no report ${reportId}`)
  if (report.status !== 'submitted') throw conflict(`report ${reportId} was already ${report.status}`)
}

export const acceptReport: Handler<'AcceptProgressReport'> = (data, assignment, context) => {
  requireReviewable(assignment, data.reportId, context)
  return [{ type: 'ProgressReportAccepted', data }]
}

export const returnReport: Handler<'ReturnProgressReport'> = (data, assignment, context) => {
  requireReviewable(assignment, data.reportId, context)
  return [{ type: 'ProgressReportReturned', data }]
}
